package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/incidentmap/incidentmap/aggregate"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
)

// cmdStats prints what GET /stats answers: incidents and fatalities per
// group and period, as JSON or CSV, from the store.
func cmdStats(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("stats", env, "stats [--group country|admin1|grid] [--interval day|week|month] [--baseline P28D] [filters] [--f json|csv]")
	var gf gazetteerFlags
	gf.register(fs)
	var sf storeFlags
	sf.register(fs)
	params := map[string]*string{}
	for _, name := range []string{"bbox", "region", "intersects", "datetime", "type", "actor", "q", "filter", "filter-lang", "status"} {
		params[name] = fs.String(name, "", "filter: as the "+name+" parameter of GET /incidents")
	}
	for _, name := range aggregate.Params {
		params[name] = fs.String(name, "", "as the "+name+" parameter of GET /stats")
	}
	params["f"] = fs.String("f", "json", "json or csv")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{fmt.Sprintf("stats takes no arguments, got %q", pos)}
	}
	g, err := gf.load(ctx)
	if err != nil {
		return err
	}
	v := url.Values{}
	for k, p := range params {
		if *p != "" {
			v.Set(k, *p)
		}
	}
	req, err := aggregate.Parse(query.Parser{Gazetteer: g, Filters: query.CQL2Filters{}}, v)
	if err != nil {
		var qe *query.Error
		if errors.As(err, &qe) {
			return usageError{fmt.Sprintf("--%s: %s", qe.Param, qe.Detail)}
		}
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	ag, ok := st.(store.Aggregator)
	if !ok {
		return fmt.Errorf("stats: the store does not count incidents by group")
	}
	res, err := aggregate.Run(ctx, ag, req)
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	if req.CSV {
		return res.WriteCSV(env.stdout)
	}
	return res.WriteJSON(env.stdout)
}
