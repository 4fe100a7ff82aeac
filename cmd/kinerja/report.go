package main

import (
	"context"
	"errors"
)

// runReport is being written; see the issue tracker.
func runReport(ctx context.Context, e *env, args []string) error {
	return errors.New("report: not implemented yet")
}
