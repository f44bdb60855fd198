package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/incidentmap/incidentmap/alerts"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/store"
)

const alertsUsage = "alerts add [--url U] [--bbox B | --region R | --intersects G] [--type T]... [--min-fatalities N] [--name N] [--secret S]" +
	" | list [--json] | remove ID | dead [--json] | retry ID  [--db F | --postgres URL]"

// alertsFlags are the flags of the alerts subcommands; each takes them all
// and uses those it needs.
type alertsFlags struct {
	store      storeFlags
	gazetteer  gazetteerFlags
	in         alerts.Input
	bbox       string
	intersects string
	types      multiFlag
	json       bool
}

func (f *alertsFlags) register(fs *flag.FlagSet) {
	f.store.register(fs)
	f.gazetteer.register(fs)
	fs.StringVar(&f.in.URL, "url", "", "the webhook URL (add); without one, the subscription has its Atom feed only")
	fs.StringVar(&f.in.Name, "name", "", "the subscription's name (add)")
	fs.StringVar(&f.in.Secret, "secret", "", "the secret webhooks are signed with (add); default: a random one, printed")
	fs.StringVar(&f.bbox, "bbox", "", "the area as minLon,minLat,maxLon,maxLat (add)")
	fs.StringVar(&f.in.Region, "region", "", "the area as a country or first-level division, by name or code (add)")
	fs.StringVar(&f.intersects, "intersects", "", "the area as a GeoJSON or WKT polygon (add)")
	fs.Var(&f.types, "type", "an event type or sub-event type to alert on (add; repeatable, or comma-separated); default: all")
	fs.IntVar(&f.in.MinFatalities, "min-fatalities", 0, "alert only on incidents reporting at least this many deaths (add)")
	fs.BoolVar(&f.json, "json", false, "print JSON (list, dead)")
}

// subscription reads add's flags as the API reads a POST /subscriptions
// body; the gazetteer is loaded only for a --region.
func (f *alertsFlags) subscription(ctx context.Context) (store.Subscription, error) {
	in := f.in
	if f.bbox != "" {
		in.Bbox, _ = json.Marshal(f.bbox)
	}
	if f.intersects != "" {
		in.Intersects, _ = json.Marshal(f.intersects)
	}
	in.Types = f.types
	var g *gazetteer.Gazetteer
	if in.Region != "" {
		var err error
		if g, err = f.gazetteer.load(ctx); err != nil {
			return store.Subscription{}, err
		}
	}
	sub, err := alerts.Parse(in, g)
	if err != nil {
		var ie *alerts.InputError
		if errors.As(err, &ie) {
			return store.Subscription{}, usageError{"--" + strings.ReplaceAll(ie.Field, "_", "-") + ": " + ie.Detail}
		}
		return store.Subscription{}, err
	}
	return sub, nil
}

// alertsID checks that subcommand sub exists and got its arguments, and
// returns the id that remove and retry take (0 for the others).
func alertsID(sub string, pos []string) (int64, error) {
	want := 0
	switch sub {
	case "add", "list", "dead":
	case "remove", "retry":
		want = 1
	default:
		return 0, usageError{fmt.Sprintf("unknown alerts subcommand %q; usage: incidentmap %s", sub, alertsUsage)}
	}
	if len(pos) != want {
		return 0, usageError{fmt.Sprintf("alerts %s takes %d argument(s), got %q", sub, want, pos)}
	}
	if want == 0 {
		return 0, nil
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError{fmt.Sprintf("alerts %s: %q is not an id", sub, pos[0])}
	}
	return id, nil
}

// cmdAlerts manages the subscriptions serve and watch deliver alerts for.
func cmdAlerts(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return usageError{"usage: incidentmap " + alertsUsage}
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("alerts "+sub, env, alertsUsage)
	var f alertsFlags
	f.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	id, err := alertsID(sub, pos)
	if err != nil {
		return err
	}
	var subscription store.Subscription
	if sub == "add" {
		if subscription, err = f.subscription(ctx); err != nil {
			return err
		}
	}
	st, err := f.store.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	as, ok := st.(store.Alerts)
	if !ok {
		return errors.New("this store keeps no subscriptions")
	}
	switch sub {
	case "add":
		return alertsAdd(ctx, env, as, subscription)
	case "list":
		return alertsList(ctx, env, as, f.json)
	case "remove":
		if err := as.RemoveSubscription(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "subscription %d removed\n", id)
	case "dead":
		return alertsDead(ctx, env, as, f.json)
	case "retry":
		if _, err := as.RetryAlert(ctx, id, time.Now()); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "alert %d will be delivered again\n", id)
	}
	return nil
}

// alertsAdd stores subscription and prints its secret and feed.
func alertsAdd(ctx context.Context, env *cliEnv, as store.Alerts, subscription store.Subscription) error {
	out, err := as.AddSubscription(ctx, subscription)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "subscription %d: secret %s\nAtom feed: /subscriptions/%d/feed.atom?key=%s\n",
		out.ID, out.Secret, out.ID, alerts.FeedKey(out.Secret))
	return nil
}

// alertsList prints the subscriptions, as a table or JSON.
func alertsList(ctx context.Context, env *cliEnv, as store.Alerts, asJSON bool) error {
	list, err := as.ListSubscriptions(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(env, list, func(s store.Subscription) any {
			return map[string]any{"id": s.ID, "name": s.Name, "url": s.URL, "bbox": s.Bbox, "region": s.Region,
				"area": s.Area != nil, "types": s.Types, "min_fatalities": s.MinFatalities, "created": s.Created}
		})
	}
	tw := tabwriter.NewWriter(env.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tAREA\tTYPES\tMIN FATALITIES\tURL")
	for _, s := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\n", s.ID, s.Name, areaOf(s), strings.Join(s.Types, ","), s.MinFatalities, s.URL)
	}
	return tw.Flush()
}

// alertsDead prints the dead letters (up to 1,000), as a table or JSON.
func alertsDead(ctx context.Context, env *cliEnv, as store.Alerts, asJSON bool) error {
	list, err := as.ListAlerts(ctx, store.AlertQuery{State: store.AlertDead, Limit: 1000})
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(env, list, func(a store.Alert) any {
			return map[string]any{"id": a.ID, "subscription_id": a.SubscriptionID, "incident_id": a.IncidentID,
				"event": a.Event, "attempts": a.Attempts, "last_error": a.LastError, "created": a.Created}
		})
	}
	tw := tabwriter.NewWriter(env.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSUBSCRIPTION\tINCIDENT\tEVENT\tATTEMPTS\tLAST ERROR")
	for _, a := range list {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%d\t%s\n", a.ID, a.SubscriptionID, a.IncidentID, a.Event, a.Attempts, a.LastError)
	}
	return tw.Flush()
}

func areaOf(s store.Subscription) string {
	switch {
	case s.Bbox != nil:
		return fmt.Sprintf("bbox %g,%g,%g,%g", s.Bbox.Min[0], s.Bbox.Min[1], s.Bbox.Max[0], s.Bbox.Max[1])
	case s.Region != "":
		return "region " + s.Region
	case s.Area != nil:
		return s.Area.GeoJSONType()
	}
	return "everywhere"
}

func printJSON[T any](env *cliEnv, list []T, view func(T) any) error {
	out := make([]any, 0, len(list))
	for _, v := range list {
		out = append(out, view(v))
	}
	enc := json.NewEncoder(env.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// alertFlags configure the alert worker of serve and watch.
type alertFlags struct {
	allowPrivate bool
	tick         time.Duration
}

func (af *alertFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&af.allowPrivate, "allow-private-webhooks", false, "let webhooks go to loopback and private addresses (off: such addresses are refused as they are dialled)")
	fs.DurationVar(&af.tick, "alert-tick", 5*time.Second, "how often the alert worker looks for alerts to raise and deliver, besides after each ingest")
}

// worker builds the alert worker over st; nil when st keeps no alerts.
func (af *alertFlags) worker(st store.Store, g *gazetteer.Gazetteer, log *slog.Logger) *alerts.Worker {
	as, ok := st.(store.Alerts)
	if !ok {
		return nil
	}
	host, _ := os.Hostname()
	return &alerts.Worker{Store: as, Gazetteer: g, Logger: log, Tick: af.tick,
		ID:     fmt.Sprintf("%s-%d-%d", host, os.Getpid(), time.Now().UnixNano()%1e6),
		Client: alerts.NewClient(alerts.ClientOptions{AllowPrivate: af.allowPrivate})}
}
