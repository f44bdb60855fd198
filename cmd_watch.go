package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/incidentmap/incidentmap/feeds"
	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/store"
)

// pollFlags configure the feed poller of serve and watch.
type pollFlags struct {
	allowPrivate bool
	tick         time.Duration
	userAgent    string
	hostDelay    time.Duration
}

func (pf *pollFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&pf.allowPrivate, "allow-private-sources", false, "let sources be fetched from loopback and private addresses (off: such addresses are refused as they are dialled)")
	fs.DurationVar(&pf.tick, "poll-tick", 10*time.Second, "how often to look for sources due to be polled")
	fs.StringVar(&pf.userAgent, "user-agent", feeds.DefaultUserAgent, "User-Agent sent to feeds")
	fs.DurationVar(&pf.hostDelay, "host-delay", time.Second, "least time between two requests to one host")
}

// poller builds the poller over st; nil when st keeps no sources.
func (pf *pollFlags) poller(st store.Store, pipe *ingest.Pipeline, log *slog.Logger) *feeds.Poller {
	srcs, ok := st.(store.Sources)
	if !ok {
		return nil
	}
	host, _ := os.Hostname()
	return &feeds.Poller{
		Sources: srcs, Ingest: pipe, Tick: pf.tick, Logger: log,
		Worker:  fmt.Sprintf("%s-%d-%d", host, os.Getpid(), time.Now().UnixNano()%1e6),
		Fetcher: feeds.NewFetcher(feeds.Options{AllowPrivate: pf.allowPrivate, UserAgent: pf.userAgent, HostDelay: pf.hostDelay}),
	}
}

// cmdWatch polls the sources without serving HTTP, until interrupted.
func cmdWatch(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("watch", env, "watch [--db F | --postgres URL] [--allow-private-sources] [--allow-private-webhooks] [--once]")
	var gf gazetteerFlags
	gf.register(fs)
	var sf storeFlags
	sf.register(fs)
	var pf pollFlags
	pf.register(fs)
	var af alertFlags
	af.register(fs)
	once := fs.Bool("once", false, "poll the sources due now, then exit")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{fmt.Sprintf("watch takes no arguments, got %q", pos)}
	}
	log := slog.New(slog.NewTextHandler(env.stderr, nil))
	g, err := gf.load(ctx)
	if err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	pipe := &ingest.Pipeline{Gazetteer: g, Store: st}
	aw := af.worker(st, g, log)
	if aw != nil {
		pipe.Stored = aw.Notify
	}
	p := pf.poller(st, pipe, log)
	if p == nil {
		return errors.New("this store keeps no sources")
	}
	if *once {
		n, err := p.RunOnce(ctx)
		fmt.Fprintf(env.stdout, "polled %d source(s)\n", n)
		if err != nil || aw == nil {
			return err
		}
		raised, delivered, err := aw.RunOnce(ctx)
		fmt.Fprintf(env.stdout, "raised %d alert(s), delivered %d\n", raised, delivered)
		return err
	}
	if aw != nil {
		alertCtx, stopAlerts := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); _ = aw.Run(alertCtx) }()
		defer func() { stopAlerts(); <-done }()
	}
	log.Info("watching sources", "worker", p.Worker, "tick", pf.tick)
	return p.Run(ctx)
}
