package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/incidentmap/incidentmap/api"
)

// tokenFlags collects serve's --token values: "name=secret", a named write
// token whose name an incident's history records, or a bare "secret"
// (named api.DefaultTokenName), as before names existed. The flag may be
// given several times.
type tokenFlags []api.Token

var tokenName = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,64}$`)

func (t *tokenFlags) String() string {
	names := make([]string, len(*t))
	for i, tok := range *t {
		names[i] = tok.Name
	}
	return strings.Join(names, ",")
}

func (t *tokenFlags) Set(v string) error {
	tok, err := parseToken(v)
	if err != nil {
		return err
	}
	for _, have := range *t {
		if have.Name == tok.Name && tok.Name != api.DefaultTokenName {
			return fmt.Errorf("two tokens named %q", tok.Name)
		}
	}
	*t = append(*t, tok)
	return nil
}

// parseToken reads one --token value. A value is name=secret when what
// comes before the first '=' is a name (letters, digits, _ . @ -) and
// what follows is not only '=' signs; otherwise the whole value is a bare
// secret, so a base64 secret's padding ("c2VjcmV0==") stays a secret.
func parseToken(v string) (api.Token, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return api.Token{}, fmt.Errorf("empty token")
	}
	if name, secret, ok := strings.Cut(v, "="); ok && tokenName.MatchString(name) && strings.Trim(secret, "=") != "" {
		return api.Token{Name: name, Secret: secret}, nil
	}
	return api.Token{Name: api.DefaultTokenName, Secret: v}, nil
}
