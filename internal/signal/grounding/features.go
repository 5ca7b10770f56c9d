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
	supportFeatures(s.cur.Content, s.toks, &s.ctx, b)
	return true
}

// supportFeatures describes how the claims of a response (code, plans,
// questions and meta-talk skipped) are supported by its context, as a text
// of binned feature tokens that the grounding model scores. All shares are
// cumulative bins ("kcon3" means the share reached bin 3), so the logistic
// model is monotone-friendly.
func supportFeatures(s string, toks []token, c *index, b *strings.Builder) {
	var nAll, aAll, kAll, nC, aC, kC, nP, aP, kP, fp, sp, run, maxRun float64
	var prev uint64
	for _, tk := range toks {
		if tk.flags&(fCode|fMeta) != 0 {
			prev = 0
			continue
		}
		nAll++
		f := c.words.get(tk.h)
		if f&inAll == 0 {
			aAll++
		}
		if f&inKnowledge == 0 {
			kAll++
		}
		if tk.content() {
			nC++
			if f&inAll == 0 {
				aC++
			}
			if f&inKnowledge == 0 {
				kC++
			}
		}
		if prev != 0 {
			nP++
			pf := c.pairs.get(pairHash(prev, tk.h))
			if pf&inAll == 0 {
				aP++
			}
			if pf&inKnowledge != 0 {
				run++
				maxRun = max(maxRun, run)
			} else {
				kP++
				run = 0
			}
		}
		prev = tk.h
		if tk.flags&cFirstPerson != 0 {
			fp++
		}
		if tk.flags&cSecondPerson != 0 {
			sp++
		}
	}
	share := func(a, n float64) float64 {
		if n == 0 {
			return 0
		}
		return a / n
	}
	bins(b, "aall", share(aAll, nAll), 10)
	bins(b, "acon", share(aC, nC), 10)
	bins(b, "apair", share(aP, nP), 10)
	bins(b, "kall", share(kAll, nAll), 10)
	bins(b, "kcon", share(kC, nC), 10)
	bins(b, "kpair", share(kP, nP), 10)
	bins(b, "run", share(maxRun, nP), 10)
	bins(b, "fp", min(fp/3, 1), 4)
	bins(b, "sp", min(sp/3, 1), 4)
	bins(b, "len", min(math.Log2(nAll+1)/7, 1), 7)
	if strings.Contains(s, "?") {
		b.WriteString("qmark ")
	}
}

// specificsGate scales the ungrounded probability of an answer in an agent
// trajectory by the concrete claims the context does not support: names
// (capitalized mid-sentence words) and numbers of two digits or more
// (arithmetic lines excepted) absent from everything seen, tool call
// arguments included. Agent answers paraphrase tool results freely, so only
// unsupported specifics make a confident failure: 1 - exp(-w/3.5), so that
// fail (0.8) takes about six of them.
func (s *shared) specificsGate() float64 {
	var w float64
	var lc lineCache
	txt := s.cur.Content
	for _, tk := range s.toks {
		if tk.flags&(fCode|fMeta|fStop) != 0 || s.ctx.words.has(tk.h) {
			continue
		}
		switch {
		case tk.flags&fDigit != 0:
			if numberWeight(txt, tk, &lc) > 0 {
				w += 0.7
			}
		case tk.flags&fCap != 0 && tk.flags&fSent == 0 && tk.end-tk.start >= 2:
			w++
		}
	}
	return 1 - math.Exp(-w/3.5)
}

// bins writes name0..nameK for a value in [0,1] cut into n bins.
func bins(b *strings.Builder, name string, v float64, n int) {
	k := int(v * float64(n))
	k = min(max(k, 0), n-1)
	for j := 0; j <= k; j++ {
		b.WriteString(name)
		b.WriteString(strconv.Itoa(j))
		b.WriteByte(' ')
	}
}

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
