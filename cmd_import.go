package main

import (
	"context"
)

func cmdGazetteerImport(ctx context.Context, env *cliEnv, args []string) error {
	return usageError{"gazetteer import: not available in this build"}
}
