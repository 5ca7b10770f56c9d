package gateway

import (
	"context"
	"errors"
	"hash/maphash"
	"log/slog"
	"sync"
	"time"

	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// batchWindow is how long the background writer lets writes accumulate.
const batchWindow = 50 * time.Millisecond

// maxQueuedDecisions bounds the decisions waiting for the background writer.
const maxQueuedDecisions = 100_000

// pendingSession is a session snapshot whose trajectory JSON is built by the
// writer, off the hot path. msgs is a prefix of the session's messages:
// messages are never modified once appended, so sharing it is safe.
type pendingSession struct {
	s     store.Session
	msgs  []trajectory.Message
	model string
}

// asyncWriter writes what does not need to be durable before the client is
// answered: session snapshots of uneventful exchanges (only the latest per
// session is kept) and decisions that raised no incident, created no review
// and did not block or terminate. Everything else is written synchronously
// by persist.
type asyncWriter struct {
	st       store.Store
	log      *slog.Logger
	mu       sync.Mutex
	pend     map[string]*pendingSession
	decs     []*store.Decision
	dropped  int
	wake     chan struct{}
	done     chan struct{}
	stopping chan struct{}
	shut     bool
	// written is the turn count of each session's last synchronous write;
	// stripes order a session's asynchronous and synchronous writes so
	// that an older snapshot never lands after a newer one.
	written map[string]int
	seed    maphash.Seed
	stripes [64]sync.Mutex
}

// stripe returns the lock ordering the writes of session id.
func (w *asyncWriter) stripe(id string) *sync.Mutex {
	return &w.stripes[maphash.String(w.seed, id)%uint64(len(w.stripes))]
}

// syncWrite runs a synchronous write of session id at turns, superseding
// pending and in-flight snapshots.
func (w *asyncWriter) syncWrite(id string, turns int, write func() error) error {
	mu := w.stripe(id)
	mu.Lock()
	defer mu.Unlock()
	if err := write(); err != nil {
		return err
	}
	w.mu.Lock()
	w.written[id] = max(w.written[id], turns)
	if p := w.pend[id]; p != nil && p.s.Turns <= turns {
		delete(w.pend, id)
	}
	w.mu.Unlock()
	return nil
}

// drop forgets a session evicted from memory.
func (w *asyncWriter) drop(id string) {
	w.mu.Lock()
	delete(w.written, id)
	w.mu.Unlock()
}

func newAsyncWriter(st store.Store, log *slog.Logger) *asyncWriter {
	w := &asyncWriter{st: st, log: log, pend: map[string]*pendingSession{}, written: map[string]int{}, seed: maphash.MakeSeed(), wake: make(chan struct{}, 1), done: make(chan struct{}), stopping: make(chan struct{})}
	go w.run()
	return w
}

func (w *asyncWriter) enqueue(p *pendingSession, d *store.Decision) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.shut {
		return
	}
	w.pend[p.s.ID] = p
	if d != nil {
		if len(w.decs) >= maxQueuedDecisions {
			w.dropped++
		} else {
			w.decs = append(w.decs, d)
		}
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *asyncWriter) run() {
	defer close(w.done)
	for range w.wake {
		// Let a burst accumulate: consecutive snapshots of a session
		// coalesce into one write.
		select {
		case <-w.stopping:
		case <-time.After(batchWindow):
		}
		w.flush()
	}
	w.flush()
}

func (w *asyncWriter) flush() {
	for {
		w.mu.Lock()
		batch, decs, dropped := w.pend, w.decs, w.dropped
		w.pend, w.decs, w.dropped = map[string]*pendingSession{}, nil, 0
		w.mu.Unlock()
		if dropped > 0 {
			w.log.Error("store too slow: decisions dropped", "count", dropped)
		}
		if len(batch) == 0 && len(decs) == 0 {
			return
		}
		for _, d := range decs {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err := w.st.Record(ctx, &store.Record{Decision: d})
			cancel()
			if err != nil {
				w.log.Error("store decision", "session", d.SessionID, "err", err.Error())
			}
		}
		for _, p := range batch {
			w.writeSnapshot(p)
		}
	}
}

// close writes what is pending and stops the writer.
func (w *asyncWriter) close() {
	w.mu.Lock()
	w.shut = true
	close(w.stopping)
	close(w.wake)
	w.mu.Unlock()
	<-w.done
}

func (w *asyncWriter) writeSnapshot(p *pendingSession) {
	mu := w.stripe(p.s.ID)
	mu.Lock()
	defer mu.Unlock()
	w.mu.Lock()
	stale := w.written[p.s.ID] >= p.s.Turns
	w.mu.Unlock()
	if stale {
		return
	}
	p.s.Trajectory = trajectoryJSON(p.s.ID, p.msgs, p.model)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	err := w.st.PutSession(ctx, &p.s)
	cancel()
	if err != nil && !errors.Is(err, store.ErrSessionClosed) {
		w.log.Error("store session snapshot", "session", p.s.ID, "err", err.Error())
	}
}
