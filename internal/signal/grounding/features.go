package grounding

import (
	"math"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// GroundingModel is the name of the trained model that turns the support
// measurements of a response into the ungrounded probability.
const GroundingModel = "grounding"

// docBytes is the size from which a user turn counts as a document (knowledge)
// rather than a request.
const docBytes = 400

var (
	firstPerson  = []string{"i", "me", "my", "mine", "i'm", "i've", "i'd", "i'll", "myself"}
	secondPerson = []string{"you", "your", "yours", "you're", "you've", "yourself"}
)

// scored reports whether the current message is an answer whose claims are
// measured: an assistant message without tool calls (a message that issues
// tool calls narrates an action) with at least one claim word.
func (s *shared) scored() bool {
	return s.cur.Role == trajectory.RoleAssistant && len(s.cur.ToolCalls) == 0 && s.claims > 0
}

// groundingText writes the support features of the current message (see
// supportFeatures) and reports whether it is scored.
func (s *shared) groundingText(b *strings.Builder) bool {
	if !s.scored() {
		return false
	}
	supportFeatures(s.cur.Content, s.toks, &s.ctx, b, nil)
	return true
}

// unsupported collects, for supportFeatures, the claim words of
// a response absent from the whole context (code, meta-talk and function
// words skipped): the first maxShown of them for the excerpt, and the
// weight of the specifics among them (see specificsGate) when gate is set.
type unsupported struct {
	gate  bool
	w     float64
	lc    lineCache
	n     int
	spans [maxShown][2]int32
}

// maxShown is the number of unsupported words an excerpt lists.
const maxShown = 8

// supportFeatures describes how the claims of a response (code, plans,
// questions and meta-talk skipped) are supported by its context, as a text
// of binned feature tokens that the grounding model scores. All shares are
// cumulative bins ("kcon3" means the share reached bin 3), so the logistic
// model is monotone-friendly. Counts are integers (exact, like the float
// sums they replace). When u is not nil it collects the unsupported words.
func supportFeatures(s string, toks []token, c *index, b *strings.Builder, u *unsupported) {
	w := wordFeatures(toks, c)
	nAll, aAll, kAll, nC, aC, kC, fp, sp := w.all, w.absent, w.unknown, w.con, w.conAbsent, w.conUnknown, w.fp, w.sp
	nP, aP, kP, maxRun := pairFeatures(toks, c)
	if u != nil {
		u.collect(s, toks, c)
	}
	share := func(a, n int) float64 {
		if n == 0 {
			return 0
		}
		return float64(a) / float64(n)
	}
	binAall.write(b, share(aAll, nAll))
	binAcon.write(b, share(aC, nC))
	binApair.write(b, share(aP, nP))
	binKall.write(b, share(kAll, nAll))
	binKcon.write(b, share(kC, nC))
	binKpair.write(b, share(kP, nP))
	binRun.write(b, share(maxRun, nP))
	binFp.write(b, min(float64(fp)/3, 1))
	binSp.write(b, min(float64(sp)/3, 1))
	binLen.write(b, min(math.Log2(float64(nAll)+1)/7, 1))
	if strings.IndexByte(s, '?') >= 0 {
		b.WriteString("qmark ")
	}
}

// wordCounts are the word counts of the support features: words, content
// words, each with those absent from the context and from the knowledge,
// and first- and second-person words.
type wordCounts struct {
	all, absent, unknown       int
	con, conAbsent, conUnknown int
	fp, sp                     int
}

// wordFeatures counts the words of toks (code and meta-talk skipped). A
// loop of its own with no call, so that its counts stay in registers.
func wordFeatures(toks []token, c *index) (n wordCounts) {
	for k := range toks {
		tk := &toks[k]
		fl := tk.flags
		if fl&(fCode|fMeta) != 0 {
			continue
		}
		n.all++
		f := c.words.get(tk.h)
		// 1 for a word absent from the context, from the knowledge.
		missA, missK := int(^f&inAll), int((^f&inKnowledge)/inKnowledge)
		n.absent += missA
		n.unknown += missK
		if tk.content() {
			n.con++
			n.conAbsent += missA
			n.conUnknown += missK
		}
		n.fp += int(fl / cFirstPerson & 1)
		n.sp += int(fl / cSecondPerson & 1)
	}
	return n
}

// pairFeatures counts the adjacent word pairs of toks (code and meta-talk
// skipped, a pair across them not counted), those absent from the context
// and those absent from the knowledge, and the longest run of pairs from
// the knowledge.
func pairFeatures(toks []token, c *index) (nP, aP, kP, maxRun int) {
	var prev uint64
	run := 0
	for k := range toks {
		tk := &toks[k]
		if tk.flags&(fCode|fMeta) != 0 {
			prev = 0
			continue
		}
		if prev != 0 {
			nP++
			pf := c.pairs.get(pairHash(prev, tk.h))
			aP += int(^pf & inAll)
			if pf&inKnowledge != 0 {
				run++
				maxRun = max(maxRun, run)
			} else {
				kP++
				run = 0
			}
		}
		prev = tk.h
	}
	return nP, aP, kP, maxRun
}

// Bins of the support features.
var (
	binAall  = newBins("aall", 10)
	binAcon  = newBins("acon", 10)
	binApair = newBins("apair", 10)
	binKall  = newBins("kall", 10)
	binKcon  = newBins("kcon", 10)
	binKpair = newBins("kpair", 10)
	binRun   = newBins("run", 10)
	binFp    = newBins("fp", 4)
	binSp    = newBins("sp", 4)
	binLen   = newBins("len", 7)
)

// collect notes the claim words of toks (no code, meta-talk or function
// word) absent from the context c.
func (u *unsupported) collect(s string, toks []token, c *index) {
	for k := range toks {
		tk := &toks[k]
		if tk.flags&(fCode|fMeta|fStop) == 0 && !c.words.has(tk.h) {
			u.add(s, tk)
			if !u.gate && u.n == maxShown {
				return // all an excerpt shows
			}
		}
	}
}

// add notes an unsupported claim word tk (not code, meta-talk or a function
// word) of s: with gate set, a number of two digits or more (arithmetic
// lines excepted) weighs 0.7 and a capitalized mid-sentence word 1; a
// number or a word of three letters or more is listed while fewer than
// maxShown are.
func (u *unsupported) add(s string, tk *token) {
	if u.gate {
		switch {
		case tk.flags&fDigit != 0:
			if numberWeight(s, *tk, &u.lc) > 0 {
				u.w += 0.7
			}
		case tk.flags&fCap != 0 && tk.flags&fSent == 0 && tk.end-tk.start >= 2:
			u.w++
		}
	}
	if u.n < maxShown && (tk.flags&fDigit != 0 || tk.end-tk.start >= 3) {
		u.spans[u.n] = [2]int32{tk.start, tk.end}
		u.n++
	}
}

// specificsGate scales the ungrounded probability of an answer in an agent
// trajectory by the concrete claims the context does not support: names
// (capitalized mid-sentence words) and numbers of two digits or more
// (arithmetic lines excepted) absent from everything seen, tool call
// arguments included. Agent answers paraphrase tool results freely, so only
// unsupported specifics make a confident failure: 1 - exp(-w/3.5), so that
// fail (0.8) takes about six of them.
func (u *unsupported) specificsGate() float64 {
	return 1 - math.Exp(-u.w/3.5)
}

// excerpt lists the unsupported words, comma-separated.
func (u *unsupported) excerpt(s string) string {
	if u.n == 0 {
		return ""
	}
	size := 2 * (u.n - 1)
	for _, sp := range u.spans[:u.n] {
		size += int(sp[1] - sp[0])
	}
	var ex strings.Builder
	ex.Grow(size)
	for k, sp := range u.spans[:u.n] {
		if k > 0 {
			ex.WriteString(", ")
		}
		ex.WriteString(s[sp[0]:sp[1]])
	}
	return ex.String()
}

// binText writes the bins of one feature: name0..nameK for a value in [0,1]
// cut into n bins, as a prefix of the text of all n of them.
type binText struct {
	text string
	ends []int // ends[k]: the end of the prefix name0..nameK
	n    int
}

func newBins(name string, n int) binText {
	var b strings.Builder
	ends := make([]int, n)
	for j := range n {
		b.WriteString(name)
		b.WriteString(strconv.Itoa(j))
		b.WriteByte(' ')
		ends[j] = b.Len()
	}
	return binText{text: b.String(), ends: ends, n: n}
}

// prefix returns the bins of v.
func (t binText) prefix(v float64) string {
	k := int(v * float64(t.n))
	k = min(max(k, 0), t.n-1)
	return t.text[:t.ends[k]]
}

func (t binText) write(b *strings.Builder, v float64) { b.WriteString(t.prefix(v)) }

func (t binText) appendTo(dst []byte, v float64) []byte { return append(dst, t.prefix(v)...) }

// GroundingFeatures returns, for every scored assistant turn of msgs (see
// Ungrounded), its message index and the feature text the grounding model
// scores. The training spec uses it, so training and scoring share one
// definition.
func GroundingFeatures(msgs []trajectory.Message) (turns []int, texts []string) {
	st := newShared(0)
	var b strings.Builder
	for i := range msgs {
		st.at(i, &msgs[i])
		b.Reset()
		if st.groundingText(&b) {
			turns = append(turns, i)
			texts = append(texts, b.String())
		}
	}
	return turns, texts
}
