package main

import (
	"context"
	"fmt"

	"kinerja/warehouse"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("migrate")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	db, err := e.openDB(ctx) // applies pending migrations
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := warehouse.Applied(ctx, db)
	if err != nil {
		return err
	}
	all, err := warehouse.Migrations()
	if err != nil {
		return err
	}
	for _, m := range all {
		at := applied[m.Version]
		fmt.Fprintf(e.stdout, "%04d %-24s applied %s\n", m.Version, m.Name, at.Format("2006-01-02 15:04:05 MST"))
	}
	fmt.Fprintf(e.stdout, "%s backend, database %s: schema up to date (%d migrations)\n", db.Backend(), db.Database(), len(all))
	return nil
}
