package grounding

import (
	"strconv"
	"sync/atomic"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// shared is the per-trajectory state the five grounding trackers share: the
// current message tokenized once (with claim and knowledge marks) and the
// context index of the messages before it. Every tracker calls at(i, m)
// first; the first call for a message commits the previous message to the
// index and tokenizes the new one, later calls find it ready.
type shared struct {
	started atomic.Bool
	claimed atomic.Uint32 // bit per signal kind that joined

	cur    *trajectory.Message
	idx    int
	toks   []token
	claims int   // claim tokens of an assistant message
	marked bool  // some tokens of cur are flagged fKnow
	ctx    index // context before cur
	agent  bool  // a tool call or tool result was seen before cur
	args   []token
	cert   signal.Measurement
	hasCrt bool
	// urls are the URLs of cur once read (urlsOK), and of tool call
	// arguments while they are indexed.
	urls   []urlRef
	urlsOK bool
	words  *wordCache // the words tokenize read, kept from one trajectory to the next
}

// sysKnowledgeBytes of system-prompt knowledge make a knowledge-grounded
// dialogue.
const sysKnowledgeBytes = 80

// Signal kinds, for the claim bits.
const (
	kindUngrounded = 1 << iota
	kindReference
	kindCertainty
	kindToolError
	kindContradiction
)

// sharedKey is the key of the grounding state in a session's signal.Shared.
type sharedKey struct{}

// join returns the grounding state of the session for a tracker of kind:
// the one another grounding tracker of the same session created, or a new
// one. Without a session store (a signal tracked alone) the tracker gets a
// state of its own.
//
// A tracker reset for another trajectory (see signal.Resetter) passes the
// state it had as old: join then shares exactly as for a new tracker, but
// where it would make a new state it empties old and returns it, keeping
// its buffers and tables. The grounding trackers of a session are reset
// together, in the order they were made, so each gets back the state it
// had; old is only taken as a state of its own when no other kind held it.
func join(store *signal.Shared, kind uint32, old *shared) *shared {
	if store == nil {
		return own(old, kind)
	}
	st := store.Load(sharedKey{}, func() any { return old.recycle(0) }).(*shared)
	if st.started.Load() || st.claimed.Load()&kind != 0 {
		// A second tracker of the same kind in one session: keep them apart.
		if old == st {
			old = nil
		}
		return own(old, kind)
	}
	st.claimed.Store(st.claimed.Load() | kind)
	return st
}

func newShared(kind uint32) *shared {
	st := &shared{}
	st.claimed.Store(kind)
	return st
}

// own returns a state of kind's own: old, emptied, when kind alone held it,
// a new one otherwise.
func own(old *shared, kind uint32) *shared {
	if old == nil || old.claimed.Load() != kind {
		return newShared(kind)
	}
	return old.recycle(kind)
}

// recycle returns s emptied for another trajectory and claimed by kind, or
// a new state when s is nil.
func (s *shared) recycle(kind uint32) *shared {
	if s == nil {
		return newShared(kind)
	}
	ctx := s.ctx
	ctx.reset()
	*s = shared{toks: keptTokens(s.toks), args: s.args[:0], urls: s.urls[:0], ctx: ctx, words: s.words}
	s.claimed.Store(kind)
	return s
}

// keptTokens returns toks emptied for another trajectory, or nil when one
// long message made it large: a scan worker should not hold it for good.
func keptTokens(toks []token) []token {
	if cap(toks) > maxKeptTokens {
		return nil
	}
	return toks[:0]
}

// maxKeptTokens bounds the token buffers kept from one trajectory to the
// next: the tokens of a message of about 300 KB.
const maxKeptTokens = 1 << 16

// at makes message i current.
func (s *shared) at(i int, m *trajectory.Message) {
	if s.cur == m && s.idx == i && s.cur != nil {
		return
	}
	if s.cur != nil {
		s.commit()
	} else {
		s.started.Store(true)
	}
	s.cur, s.idx = m, i
	if need := len(m.Content)/5 + 16 + runBatch; cap(s.toks) < need {
		// One allocation of about the size needed (with room for a last
		// batch of words written in place), at least double the last:
		// a trajectory's turns grow the buffer a few times at most.
		s.toks = make([]token, 0, max(need, 2*cap(s.toks)))
	}
	s.toks = s.tokenize(m.Content, s.toks[:0])
	s.hasCrt, s.claims, s.urlsOK = false, 0, false
	s.marked = false
	switch m.Role {
	case trajectory.RoleSystem:
		s.marked = markKnowledge(m.Content, s.toks) > 0
	case trajectory.RoleUser:
		s.marked = userDocument(m.Content, s.toks) > 0
	case trajectory.RoleAssistant:
		// In knowledge-grounded dialogue (knowledge in the system prompt, no
		// tools) every sentence is measured; elsewhere only claims are.
		if s.agent || s.ctx.sysKnowledge < sysKnowledgeBytes {
			s.claims = markClaims(m.Content, s.toks)
		} else {
			s.claims = markReasoning(m.Content, s.toks)
		}
	}
}

// tokenize is the package's tokenize through the state's word cache.
func (s *shared) tokenize(text string, dst []token) []token {
	if s.words == nil {
		s.words = new(wordCache)
	}
	return tokenizeWith(text, dst, lexicon, s.words)
}

// commit adds the current message to the context.
func (s *shared) commit() {
	m := s.cur
	before := s.ctx.knowledge
	s.ctx.add(m.Content, s.toks, m.Role == trajectory.RoleTool, s.marked, m.Role != trajectory.RoleUser)
	s.ctx.addURLs(s.curURLs())
	if m.Role == trajectory.RoleUser {
		s.ctx.ask(m.Content, s.toks)
	}
	if m.Role == trajectory.RoleSystem {
		s.ctx.sysKnowledge += s.ctx.knowledge - before
	}
	for _, tc := range m.ToolCalls {
		s.addArg(tc.Name)
		for _, v := range tc.Arguments {
			s.addArg(v)
		}
	}
	if m.Role == trajectory.RoleTool || len(m.ToolCalls) > 0 {
		s.agent = true
	}
}

// addArg indexes a tool call's name or argument value (the assistant's own
// actions: a report of them is supported).
func (s *shared) addArg(v any) {
	switch x := v.(type) {
	case string:
		s.addArgText(x)
	// Numbers and booleans as fmt.Sprint writes them, without its
	// reflection (a tool call's numbers cost more than its text did).
	case float64:
		s.addArgText(strconv.FormatFloat(x, 'g', -1, 64))
	case int:
		s.addArgText(strconv.Itoa(x))
	case int64:
		s.addArgText(strconv.FormatInt(x, 10))
	case bool:
		s.addArgText(strconv.FormatBool(x))
	case []any:
		for _, e := range x {
			s.addArg(e)
		}
	case map[string]any:
		for _, e := range x {
			s.addArg(e)
		}
	}
}

// addArgText indexes the text of a tool call's name or argument value.
func (s *shared) addArgText(x string) {
	if cap(s.args) < 2*runBatch {
		s.args = make([]token, 0, 2*runBatch) // room for readRun to write in place
	}
	s.args = s.tokenize(x, s.args[:0])
	s.ctx.add(x, s.args, false, false, false)
	s.urls, s.urlsOK = appendURLs(x, s.urls[:0]), false
	s.ctx.addURLs(s.urls)
}

// curURLs returns the URLs of the current message, read once.
func (s *shared) curURLs() []urlRef {
	if !s.urlsOK {
		s.urls, s.urlsOK = appendURLs(s.cur.Content, s.urls[:0]), true
	}
	return s.urls
}

// certainty returns the certainty measurement of the current message.
func (s *shared) certainty() signal.Measurement {
	if !s.hasCrt {
		s.cert, s.hasCrt = certaintyOf(s.cur.Content, s.toks), true
	}
	return s.cert
}
