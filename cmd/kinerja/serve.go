package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"kinerja/analytics"
	"kinerja/dashboards"
	"kinerja/warehouse"
)

// serveOptions are the flags of `kinerja serve`.
type serveOptions struct {
	addr  string
	dev   bool
	pemda string
}

// runServe opens the warehouse, serves the dashboards and the API on
// --addr, runs the background services next to them, and on SIGINT/SIGTERM
// (ctx done) stops taking requests, lets running ones finish (up to 15 s),
// then stops the services.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("serve")
	var o serveOptions
	fs.StringVar(&o.addr, "addr", ":8080", "address to listen on (host:port)")
	fs.BoolVar(&o.dev, "dev", false, "read templates and assets from ./dashboards on every request (development)")
	fs.StringVar(&o.pemda, "pemda", "Kabupaten Mamuju", "name of the regional government shown on the pages")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	log := e.logger()

	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	app, err := dashboards.New(dashboards.Config{
		Analytics: analytics.New(db, o.pemda),
		DB:        db,
		Logger:    log,
		Dev:       o.dev,
		PemdaName: o.pemda,
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another kinerja or web server using this port?)", o.addr, err)
	}

	services, err := backgroundServices(o, db, log)
	if err != nil {
		ln.Close()
		return err
	}
	var started []backgroundService
	defer func() {
		// Stop in reverse order of start, each with its own deadline.
		for i := len(started) - 1; i >= 0; i-- {
			sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if err := started[i].Stop(sctx); err != nil {
				log.Error("stop service", "service", started[i].Name(), "err", err)
			}
			cancel()
		}
	}()
	for _, s := range services {
		if err := s.Start(ctx); err != nil {
			ln.Close()
			return fmt.Errorf("start %s: %w", s.Name(), err)
		}
		started = append(started, s)
		log.Info("service started", "service", s.Name())
	}

	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	log.Info("serving dashboards", "addr", ln.Addr().String(), "backend", db.Backend(), "database", db.Database(), "dev", o.dev)

	select {
	case err := <-served:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace_s", 15)
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := app.ShutdownWithContext(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("http shutdown: %w", err)
	}
	<-served
	return nil
}

// backgroundService is something `serve` runs next to the web server: the
// ingest scheduler, the demo loader… Start must not block; Stop waits for
// running work up to its context's deadline.
type backgroundService interface {
	Name() string
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
}

// backgroundServices returns what runs next to the web server, started in
// order after the warehouse is open and stopped in reverse order after the
// last request. The ingest scheduler and the --demo loader go here (add
// their flags to serveOptions).
func backgroundServices(o serveOptions, db warehouse.DB, log *slog.Logger) ([]backgroundService, error) {
	return nil, nil
}
