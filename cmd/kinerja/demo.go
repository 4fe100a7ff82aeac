package main

import (
	"context"
	"errors"
)

// runDemo is being written; see the issue tracker.
func runDemo(ctx context.Context, e *env, args []string) error {
	return errors.New("demo: not implemented yet")
}
