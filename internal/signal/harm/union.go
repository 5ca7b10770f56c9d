package harm

import (
	"strings"
	"unsafe"

	"github.com/faultline-dev/faultline/internal/signal"
)

// The readers of a reply (or of a request) each look for their own phrases
// in their own part of the text: its head, its tail, its trimmed opening.
// A union is one automaton over the phrases of several matchers (its
// parts): one pass over a text (a scanned) finds the matches of every part,
// and each reader then reads the matches of its matcher in its part of the
// text, exactly the matches its matcher would find there alone.

// union is one automaton over the phrases of several matchers.
type union struct {
	m     *matcher
	parts []*matcher
	// outs is, per state of m, what collect needs of the phrases that end
	// there (m.out in the form collect reads).
	outs [][]unionPhrase
}

// unionPhrase is a phrase of a union: its length, its part, its index in
// the part and whether it must start a word (wordStart) and end one (its
// part's wholeWord).
type unionPhrase struct {
	len        int32
	part       uint8
	start, end bool
	phrase     uint16
}

// newUnion builds the union of parts.
func newUnion(parts ...*matcher) *union {
	u := &union{m: &matcher{}, parts: parts}
	var info []unionPhrase
	for p, pm := range parts {
		for id, q := range pm.text {
			// Upper-case letters share the class of their lower-case
			// letter, which the part may not use: the union's classes
			// would differ from the part's.
			if strings.ContainsFunc(q, func(r rune) bool { return r >= 'A' && r <= 'Z' }) {
				panic("harm: union of a phrase with upper-case letters: " + q)
			}
			u.m.text = append(u.m.text, q)
			u.m.lens = append(u.m.lens, pm.lens[id])
			u.m.groups = append(u.m.groups, uint8(p))
			u.m.wordStart = append(u.m.wordStart, pm.wordStart[id])
			info = append(info, unionPhrase{len: int32(pm.lens[id]), part: uint8(p), start: pm.wordStart[id],
				end: pm.wholeWord, phrase: uint16(id)})
		}
	}
	u.m.build()
	u.outs = make([][]unionPhrase, len(u.m.out))
	for st, ids := range u.m.out {
		for _, id := range ids {
			u.outs[st] = append(u.outs[st], info[id])
		}
	}
	return u
}

// part returns the index of m among u's parts, or -1.
func (u *union) part(m *matcher) int {
	for p, pm := range u.parts {
		if pm == m {
			return p
		}
	}
	return -1
}

// hit is a phrase of a part found in a scanned text, at a word boundary
// at both ends as far as its part asks (a phrase that must start a word
// and starts inside one, or that ends inside a word where its part matches
// whole words, is no hit). Such a phrase only matches in a part of the text
// cut inside a word at its start or its end: each reads the phrases at the
// cut ends of such a part again.
type hit struct {
	end    int32
	phrase uint16
}

// scanned is a text scanned once by a union, in its head [0, headEnd) and
// its tail [tailStart, len(text)): hits holds, per part, the phrases found
// there (at word boundaries, see hit) in the order the part's matcher would
// report them. A phrase that
// lies in neither is missing, so readers of a part of the text that is not
// inside one of them scan it themselves (see window). A nil *scanned scans
// every part of a text on demand.
type scanned struct {
	u                  *union
	text               string
	headEnd, tailStart int
	hits               [][]hit
}

// scan makes s the scan of text by u: the whole text when it is at most
// headChars+tailChars long, else its head of headChars and its tail of
// tailChars bytes (cut at rune boundaries).
func (s *scanned) scan(u *union, text string, headChars, tailChars int) {
	s.u, s.text = u, text
	if cap(s.hits) < len(u.parts) {
		s.hits = make([][]hit, len(u.parts))
	}
	s.hits = s.hits[:len(u.parts)]
	for p := range s.hits {
		s.hits[p] = s.hits[p][:0]
	}
	if len(text) <= headChars+tailChars {
		s.headEnd, s.tailStart = len(text), len(text)
		s.collect(0, len(text))
		return
	}
	s.headEnd = len(head(text, headChars))
	s.tailStart = len(text) - len(tail(text, tailChars))
	// The tail starts after the head ends: the text is longer than both.
	s.collect(0, s.headEnd)
	s.collect(s.tailStart, len(text))
}

// reset forgets the text s scanned, keeping the memory of its hits: the
// next scan starts afresh (see scans.ofReply and ofRequest).
func (s *scanned) reset() {
	s.u, s.text = nil, ""
}

// collect appends the hits that lie in text[lo:hi].
func (s *scanned) collect(lo, hi int) {
	m, outs, text, hits := s.u.m, s.u.outs, s.text, s.hits
	step, class, in := m.step, &m.class, s.text[:hi]
	if len(step) == 0 {
		return
	}
	mask := stepMask(step)
	var v uint32
	for i := lo; uint(i) < uint(len(in)); i++ { // (unsigned: in[i] needs no check)
		v = step[uint(v+uint32(class[in[i]]))&mask]
		if v&outFlag == 0 {
			continue
		}
		for _, ph := range outs[m.state(v)] {
			if start := i + 1 - int(ph.len); ph.start && start > 0 && wordBytes[text[start-1]] ||
				ph.end && i+1 < len(text) && wordBytes[text[i]] && wordBytes[text[i+1]] {
				continue // inside a word (see hit)
			}
			hits[ph.part] = append(hits[ph.part], hit{end: int32(i + 1), phrase: ph.phrase})
		}
	}
}

// window returns the hits of m's part when sub, a substring of s.text,
// lies inside the part of the text s has scanned, with sub's offset in
// s.text.
func (s *scanned) window(m *matcher, sub string) (hits []hit, lo int, ok bool) {
	if s == nil || len(sub) == 0 {
		return nil, 0, false
	}
	p := s.u.part(m)
	if p < 0 {
		return nil, 0, false
	}
	base := uintptr(unsafe.Pointer(unsafe.StringData(s.text)))
	at := uintptr(unsafe.Pointer(unsafe.StringData(sub)))
	if at < base || at+uintptr(len(sub)) > base+uintptr(len(s.text)) {
		return nil, 0, false
	}
	lo = int(at - base)
	if hi := lo + len(sub); hi > s.headEnd && lo < s.tailStart {
		return nil, 0, false
	}
	return s.hits[p], lo, true
}

// each calls fn with the matches of m in sub, a substring of s.text, in
// the order m.scan(sub, fn) would, until fn returns false.
func (s *scanned) each(m *matcher, sub string, fn func(match) bool) {
	hits, lo, ok := s.window(m, sub)
	if !ok {
		m.scan(sub, fn)
		return
	}
	text, hi := s.text, lo+len(sub)
	// A sub cut inside a word at an end may hold matches the scan did not
	// keep (see hit), read again here: first, the phrases that must start
	// a word and start at sub's start (each the longest match at its end,
	// so reported before the others there); last, every match at sub's
	// end (those the scan kept there are skipped).
	var first, last []match // (most often none: no allocation)
	cutEnd := m.wholeWord && hi < len(text) && wordBytes[text[hi-1]] && wordBytes[text[hi]]
	if lo > 0 && wordBytes[text[lo-1]] && wordBytes[text[lo]] {
		first = m.startsOf(sub, !cutEnd, nil)
	}
	if cutEnd {
		last = m.endsOf(sub, nil)
	}
	for _, h := range hits {
		end := int(h.end)
		if end > hi || cutEnd && end == hi {
			break
		}
		for len(first) > 0 && lo+first[0].start+m.lens[first[0].phrase] <= end {
			if !fn(first[0]) {
				return
			}
			first = first[1:]
		}
		start := end - m.lens[h.phrase]
		if start < lo {
			continue
		}
		if !fn(match{phrase: int(h.phrase), group: int(m.groups[h.phrase]), start: start - lo}) {
			return
		}
	}
	for _, x := range first {
		if !fn(x) {
			return
		}
	}
	for _, x := range last {
		if !fn(x) {
			return
		}
	}
}

// firsts is m.firsts(sub) (see each).
func (s *scanned) firsts(m *matcher, sub string) [maxGroups]match {
	if _, _, ok := s.window(m, sub); !ok {
		return m.firsts(sub)
	}
	var out [maxGroups]match
	for g := range out {
		out[g].start = -1
	}
	s.each(m, sub, func(x match) bool {
		if x.group < maxGroups && (out[x.group].start < 0 || x.start < out[x.group].start) {
			out[x.group] = x
		}
		return true
	})
	return out
}

// first returns the earliest-starting match of m of group g in sub, or
// start -1 (see each).
func (s *scanned) first(m *matcher, sub string, g int) (match, bool) {
	best := match{start: -1}
	s.each(m, sub, func(x match) bool {
		if x.group == g && (best.start < 0 || x.start < best.start) {
			best = x
		}
		return true
	})
	return best, best.start >= 0
}

// groupsIn is m.groupsIn(sub) (see each).
func (s *scanned) groupsIn(m *matcher, sub string) uint64 {
	if _, _, ok := s.window(m, sub); !ok {
		return m.groupsIn(sub)
	}
	var mask uint64
	s.each(m, sub, func(x match) bool {
		mask |= 1 << x.group
		return true
	})
	return mask
}

// replyUnion reads assistant replies: its parts are the matchers of the
// readers of a reply (response, refusal and intent).
var replyUnion = newUnion(toxicPhrases, offendPhrases, deliveryPhrases, modalMatcher, stancePhrases,
	covertPhrases, protectivePhrases, expertPhrases, riskPhrases, replyPhrases, intentPhrases)

// requestUnion reads user requests: its parts are the matchers of the
// readers of a request (request harm, framing, intent, noncompliance and
// the context of a reply) and the gates of the minor and self-harm readings.
var requestUnion = newUnion(conceptMatcher, framingPhrases, toxicPhrases, noncompliancePhrases, intentPhrases,
	meansLeads, stancePhrases, expertPhrases, riskPhrases, gatePhrases)

// Scanned parts of a text: replies are read in their head (scanChars) by
// every reader; requests in their head and their tail.
const (
	replyHead   = scanChars
	requestHead = scanChars
	requestTail = scanChars / 2
)

// scans is the scans of the latest reply and request of a session, shared
// by its harm trackers (through signal.Shared) so that each text is
// scanned once for all of them, the English gloss of the latest request
// (requestGloss) and the content words of the latest text asked for. A
// scan, a gloss or content words depend on nothing but their text, so a
// tracker can always use the ones of the text it reads.
type scans struct {
	reply, request scanned
	// words are the content words of wordsText (contentWords), once
	// wordsDone: a request's, read by request_harm and harm_topic.
	words     []string
	wordsText string
	wordsDone bool
	// glossText is the text glossed last into glossBuf (glossOK: it is in
	// another language); glossDone is false before the first.
	glossText string
	glossBuf  []byte
	glossOK   bool
	glossDone bool
}

// scansKey is the key of a session's scans in its signal.Shared.
type scansKey struct{}

// sharedScans returns the scans of a session (new ones without a session
// store: a signal tracked alone).
func sharedScans(store *signal.Shared) *scans {
	return signal.Get(store, scansKey{}, func() *scans { return &scans{} })
}

// reuseScans returns the scans of a session for a tracker that had c and is
// reset for another trajectory (see signal.Resetter): c itself, emptied,
// unless another tracker of the session already took it. A nil store gives
// c, emptied, as the caller's own.
func reuseScans(store *signal.Shared, c *scans) *scans {
	return signal.Reuse(store, scansKey{}, c, c.reset)
}

// reset empties c for another trajectory, keeping its buffers. Its texts
// are forgotten, not just replaced: a text of the next trajectory may be
// allocated where one of the last was, and sameString would take it for
// the same text.
func (c *scans) reset() {
	c.reply.reset()
	c.request.reset()
	clear(c.words) // (no hold on the last trajectory's texts)
	c.words, c.wordsText, c.wordsDone = c.words[:0], "", false
	c.glossText, c.glossBuf, c.glossOK, c.glossDone = "", c.glossBuf[:0], false, false
}

// ofReply returns the scan of reply.
func (c *scans) ofReply(reply string) *scanned {
	if !sameString(c.reply.text, reply) || c.reply.u == nil {
		c.reply.scan(replyUnion, reply, replyHead, 0)
	}
	return &c.reply
}

// ofRequest returns the scan of request.
func (c *scans) ofRequest(request string) *scanned {
	if !sameString(c.request.text, request) || c.request.u == nil {
		c.request.scan(requestUnion, request, requestHead, requestTail)
	}
	return &c.request
}

// gloss returns requestGloss(request): the English gloss of a request in
// another language, and whether it is one. The gloss is owned by c and
// valid until the next request.
func (c *scans) gloss(request string) ([]byte, bool) {
	if !c.glossDone || !sameString(c.glossText, request) {
		c.glossBuf, c.glossOK = requestGloss(request, c.glossBuf)
		c.glossText, c.glossDone = request, true
	}
	return c.glossBuf, c.glossOK
}

// contentWords returns contentWords(text), owned by c and valid until the
// next call for another text.
func (c *scans) contentWords(text string) []string {
	if !c.wordsDone || !sameString(c.wordsText, text) {
		c.words = contentWords(text, c.words[:0])
		c.wordsText, c.wordsDone = text, true
	}
	return c.words
}

// sameString reports whether a and b are the same bytes in memory (and so
// the same text).
func sameString(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}
