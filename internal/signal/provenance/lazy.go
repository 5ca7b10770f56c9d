package provenance

import "github.com/faultline-dev/faultline/internal/signal/inject"

// lazy is what a tracker reads of user and system turns only when a call
// or a tool result first needs it: what the latest user request delegates
// (readRequest) and the sums it states (userAmounts) matter for calls that
// act on the world, tainted arguments, sanctioned sources and payments, and
// the words of user and system turns (named, trusted) for instruction-like
// tool results and orders; most turns of most trajectories need none of
// them. Each is computed from the same text whenever it is read, so reading
// late changes nothing.
type lazy struct {
	// request is the head (requestChars) of the latest user turn; req is
	// readRequest of it once reqRead, amounts userAmounts of it once
	// amountsRead.
	request     string
	req         request
	reqRead     bool
	amounts     []float64
	amountsRead bool
	// pending are the user and system turns whose words wordSets has not
	// added to named and trusted yet; pwords is its working buffer.
	pending []pendingWords
	pwords  []string
}

// pendingWords is a turn whose words are still to be added (see addWords):
// user turns give names too.
type pendingWords struct {
	text string
	user bool
}

// reset returns l emptied, with its buffers.
func (l *lazy) reset() lazy {
	clear(l.pending)
	return lazy{amounts: l.amounts[:0], pending: l.pending[:0], pwords: l.pwords[:0]}
}

// newRequest makes text the latest user turn.
func (l *lazy) newRequest(text string) {
	l.request = text[:min(len(text), requestChars)]
	l.reqRead, l.amountsRead = false, false
}

// requestFlags returns readRequest of the latest user turn.
func (l *lazy) requestFlags() request {
	if !l.reqRead {
		l.req, l.reqRead = readRequest(l.request), true
	}
	return l.req
}

// delegatesTargets reports whether the latest user request hands the
// choice of targets to the data ("invite everyone on the thread", "pay the
// invoice in the file"): entities found in plain (not instruction-like)
// data are then what the user asked for.
func (l *lazy) delegatesTargets() bool { return l.requestFlags()&delegatesTargets != 0 }

// delegatesInstructions reports whether the latest user request asks the
// agent to carry out the instructions of a source it names ("do the tasks
// on my list at ...").
func (l *lazy) delegatesInstructions() bool { return l.requestFlags()&delegatesInstructions != 0 }

// readOnlyTask reports whether the latest user request asks for
// information and names no action: a call that acts on the world is
// outside its scope.
func (l *lazy) readOnlyTask() bool { return l.requestFlags()&readsOnly != 0 }

// userAmounts returns the sums of money the latest user turn stated.
func (l *lazy) userAmounts() []float64 {
	if !l.amountsRead {
		l.amounts, l.amountsRead = userAmounts(l.request, l.amounts), true
	}
	return l.amounts
}

// wordSets returns the tracker's named and trusted sets with the words of
// every user and system turn so far added.
func (t *tracker) wordSets() (named, trusted *hashSet) {
	for _, p := range t.pending {
		t.addTurnWords(p.text, p.user)
	}
	clear(t.pending)
	t.pending = t.pending[:0]
	return &t.named, &t.trusted
}

// addTurnWords adds the words of a user or system turn to trusted (word
// pairs) and, for a user turn, to named.
func (t *tracker) addTurnWords(text string, user bool) {
	var named *hashSet // the user's words are names the user gave
	if user {
		named = &t.named
	}
	if addWords(text, named, &t.trusted) {
		return
	}
	t.pwords = inject.Words(text, t.pwords[:0])
	for k, w := range t.pwords {
		if user && len(w) >= 3 {
			t.named.Add(wordHash(w))
		}
		if k > 0 {
			t.trusted.Add(bigram(t.pwords[k-1], w))
		}
	}
	clear(t.pwords)
}
