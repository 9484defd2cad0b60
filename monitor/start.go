package monitor

import "context"

// Start runs run (a Pipeline's or a Sweep's Run) in its own goroutine with
// an updates channel of the given buffer, and returns that channel and one
// that receives run's error once it returned. run closes updates, so a
// front end ranges over updates, then reads the error.
func Start[U any](ctx context.Context, run func(context.Context, chan<- U) error, buffer int) (<-chan U, <-chan error) {
	updates := make(chan U, buffer)
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, updates) }()
	return updates, errc
}
