package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/gateway/sysprompt"
	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// session is the live state of one monitored conversation. Its fields are
// guarded by lock (a channel, so that waiting honours the request context).
type session struct {
	lock chan struct{}
	id   string

	traj   *trajectory.Trajectory
	an     *analysis.Session
	hashes []uint64 // one per message of traj

	maxScores analysis.PhenomenonScores
	system    string // the first (registered) system prompt seen
	hasSystem bool
	// systemDigest is the digest of system.
	systemDigest sysprompt.Digest
	pinNext      bool // a warn fired: pin reminder + system prompt into the next request
	closed       bool
	checked      bool                          // the store was asked whether the session is closed
	recorded     map[string]finding.Severity   // incident key -> highest severity recorded
	approved     map[string]bool               // tool-call keys approved by a reviewer
	held         map[string]store.ReviewStatus // tool-call keys held for review: pending or denied
	evicted      bool
	lastUsed     atomic.Int64
}

// acquire takes the session's lock or gives up when ctx ends.
func (s *session) acquire(ctx context.Context) error {
	select {
	case s.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *session) release() { <-s.lock }

// sessions is the in-memory session table: a sync.Map, so lookups of
// existing sessions take no global lock.
type sessions struct {
	an *analysis.Analyzer
	m  sync.Map // id -> *session
}

func newSessions(an *analysis.Analyzer) *sessions { return &sessions{an: an} }

// get returns the session with id, creating it.
func (ss *sessions) get(id string) *session {
	if v, ok := ss.m.Load(id); ok {
		return v.(*session)
	}
	t := &trajectory.Trajectory{ID: id, Source: "gateway"}
	s := &session{lock: make(chan struct{}, 1), id: id, traj: t, an: ss.an.Start(t),
		recorded: map[string]finding.Severity{}, approved: map[string]bool{}, held: map[string]store.ReviewStatus{}}
	v, _ := ss.m.LoadOrStore(id, s)
	return v.(*session)
}

// lookup returns the session with id if it is in memory.
func (ss *sessions) lookup(id string) *session {
	if v, ok := ss.m.Load(id); ok {
		return v.(*session)
	}
	return nil
}

// evictIdle drops sessions unused since before cutoff and not in use.
func (ss *sessions) evictIdle(cutoff time.Time, onEvict func(id string)) {
	ss.m.Range(func(k, v any) bool {
		s := v.(*session)
		if s.lastUsed.Load() >= cutoff.UnixNano() {
			return true
		}
		select {
		case s.lock <- struct{}{}:
			s.evicted = true
			ss.m.Delete(k)
			<-s.lock
			onEvict(s.id)
		default:
		}
		return true
	})
}

// messageHash identifies a message across resends: role, text and tool-call
// identities (not argument encodings, which differ between formats).
func messageHash(m *trajectory.Message) uint64 {
	h := fnv.New64a()
	h.Write([]byte(m.Role))
	h.Write([]byte{0})
	h.Write([]byte(m.Content))
	for _, c := range m.ToolCalls {
		h.Write([]byte{1})
		h.Write([]byte(c.ID))
		h.Write([]byte{2})
		h.Write([]byte(c.Name))
	}
	h.Write([]byte{3})
	h.Write([]byte(m.ToolCallID))
	return h.Sum64()
}

// newMessages returns the messages of a resent conversation that the session
// has not seen: after the session's last message when the request contains
// it, else those beyond the session's length (a client that rewrote history
// or dropped the gateway's replacement text), else none (a retry).
func (s *session) newMessages(msgs []trajectory.Message) []trajectory.Message {
	n := len(s.hashes)
	if n == 0 {
		return msgs
	}
	last := s.hashes[n-1]
	if len(msgs) > n && messageHash(&msgs[n-1]) == last {
		return msgs[n:]
	}
	for j := len(msgs) - 1; j >= 0; j-- {
		if messageHash(&msgs[j]) == last {
			return msgs[j+1:]
		}
	}
	if len(msgs) > n {
		return msgs[n:]
	}
	// A shorter history that does not contain our last message: a sliding
	// window or an edit. Analyze the final user or tool turn if it is new.
	if k := len(msgs) - 1; k >= 0 && msgs[k].Role != trajectory.RoleAssistant && messageHash(&msgs[k]) != last {
		return msgs[k:]
	}
	return nil
}

// append observes messages, keeping hashes and the session's system prompt:
// the first one seen or, with a registry of allowed prompts, the first
// registered one.
func (s *session) append(msgs []trajectory.Message, reg *sysprompt.Registry) {
	for i := range msgs {
		m := msgs[i]
		if m.Role == trajectory.RoleSystem && !s.hasSystem {
			if d := sysprompt.Hash(m.Content); reg.Len() == 0 || reg.HasDigest(d) {
				s.system, s.hasSystem, s.systemDigest = m.Content, true, d
			}
		}
		s.hashes = append(s.hashes, messageHash(&m))
		s.an.Append(m)
	}
}

// prefixSessionID names a session by its conversation prefix: the system
// prompt and the first user message, which every resend repeats.
func prefixSessionID(msgs []trajectory.Message) string {
	h := sha256.New()
	sys, user := false, false
	for i := range msgs {
		m := &msgs[i]
		switch {
		case m.Role == trajectory.RoleSystem && !sys && !user:
			sys = true
			h.Write([]byte("s\x00" + m.Content + "\x00"))
		case m.Role == trajectory.RoleUser && !user:
			user = true
			h.Write([]byte("u\x00" + m.Content + "\x00"))
		}
		if user {
			break
		}
	}
	return "p-" + hex.EncodeToString(h.Sum(nil)[:12])
}

// incidentKey identifies a finding across results of one session.
func incidentKey(f *finding.Finding) string {
	return f.Phenomenon + "|" + f.Detector + "|" + itoa(f.FirstTurn)
}

// updateMax raises the session's maximum scores.
func (s *session) updateMax(sc analysis.PhenomenonScores) {
	s.maxScores.PolicyErosion = max(s.maxScores.PolicyErosion, sc.PolicyErosion)
	s.maxScores.IntentDrift = max(s.maxScores.IntentDrift, sc.IntentDrift)
	s.maxScores.RewardHacking = max(s.maxScores.RewardHacking, sc.RewardHacking)
	s.maxScores.EpistemicFailure = max(s.maxScores.EpistemicFailure, sc.EpistemicFailure)
}

// toolKey identifies a tool call for review approvals: name and arguments.
func toolKey(c *trajectory.ToolCall) string {
	keys := make([]string, 0, len(c.Arguments))
	for k := range c.Arguments {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	h.Write([]byte(c.Name))
	for _, k := range keys {
		h.Write([]byte{0})
		h.Write([]byte(k))
		h.Write([]byte{1})
		h.Write(mustJSON(c.Arguments[k]))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
