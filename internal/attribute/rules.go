package attribute

import (
	"fmt"
	"math"
	"math/bits"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/profile"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Seed defaults used when no eval profile is given: the taxonomy's
// eval-versus-production table says offline evals are "usually 1-3 turns"
// with "short, clean" contexts.
const (
	seedEvalMaxDepth  = 3
	seedEvalMaxTokens = 4000
)

// DefaultRules returns the four attribution rules. eval is the eval profile
// (from `faultline profile`), or nil, in which case the seed's defaults are
// used and confidences are lowered.
func DefaultRules(eval *profile.Profile) []Rule {
	return []Rule{
		Misgeneralization{Eval: eval},
		BlindSpot{Eval: eval},
		ShapingSideEffect{},
		ContextWindow{},
	}
}

// failingPrefix returns the messages up to and including the finding's turn.
func failingPrefix(t *trajectory.Trajectory, f *finding.Finding) []trajectory.Message {
	end := min(max(f.FirstTurn, 0)+1, len(t.Messages))
	return t.Messages[:end]
}

func userTurns(msgs []trajectory.Message) int {
	n := 0
	for i := range msgs {
		if msgs[i].Role == trajectory.RoleUser {
			n++
		}
	}
	return n
}

func tokensOf(msgs []trajectory.Message) int {
	n := 0
	for i := range msgs {
		n += profile.EstimateTokens(msgs[i].Content) + 4
	}
	return n
}

// refusalRE recognises an explicit refusal in an assistant turn; it is used
// only to find where the same model declined earlier in the trajectory.
var refusalRE = regexp.MustCompile(`(?i)\b(i can(?:no|')t|i cannot|i won't|i will not|i'm not able to|i am not able to|i'm unable to|i must decline|i'm sorry, but|i apologize, but|not something i can help)\b`)

// earlierRefusal returns the index of an assistant turn before the finding's
// turn that refused, from the finding's evidence or the text; -1 if none.
func earlierRefusal(in *Input, f *finding.Finding) int {
	for _, e := range f.Evidence {
		if e.Signal == "refusal" && e.Turn < f.FirstTurn {
			return e.Turn
		}
	}
	// The text is searched backwards over the last few assistant turns
	// before the failure, in the opening of each (where refusals are), so
	// that attribution costs the same at turn 200 as at turn 2 (the gateway
	// attributes after every turn).
	prefix := failingPrefix(in.Trajectory, f)
	seen := 0
	for i := min(f.FirstTurn, len(prefix)) - 1; i >= 0 && seen < refusalLookback; i-- {
		m := &prefix[i]
		if m.Role != trajectory.RoleAssistant {
			continue
		}
		seen++
		if in.refuses(i, m.Content) {
			return i
		}
	}
	return -1
}

// refuses reports whether the opening of message i, whose text is s,
// refuses; the answer is kept for the other findings and rules of the run.
func (in *Input) refuses(i int, s string) bool {
	if r, ok := in.refusals[i]; ok {
		return r
	}
	open := openingOf(s)
	r := mayRefuse(open) && refusalRE.MatchString(open)
	if in.refusals == nil {
		in.refusals = make(map[int]bool)
	}
	in.refusals[i] = r
	return r
}

// mayRefuse is a cheap necessary condition of refusalRE, which costs tens
// of microseconds on an opening it does not match: every phrase it matches
// holds "i can't", "i cannot", "i can help", "i won't", "i will not", "not
// able to", "'m unable to", "t decline", "orry, but" or "apologize, but", in
// any case. None of these letters has a non-ASCII case fold (only k and s
// do), so ASCII case folding finds every match.
func mayRefuse(s string) bool {
	for i := 0; i < len(s); i++ {
		var found bool
		switch s[i] | 0x20 {
		case 'i':
			found = foldAt(s, i, "i can't") || foldAt(s, i, "i cannot") || foldAt(s, i, "i can help") ||
				foldAt(s, i, "i won't") || foldAt(s, i, "i will not")
		case 'n':
			found = foldAt(s, i, "not able to")
		case '\'':
			found = foldAt(s, i, "'m unable to")
		case 't':
			found = foldAt(s, i, "t decline")
		case 'o':
			found = foldAt(s, i, "orry, but")
		case 'a':
			found = foldAt(s, i, "apologize, but")
		}
		if found {
			return true
		}
	}
	return false
}

// foldAt reports whether w (lower case) occurs in s at i, ASCII letters
// in any case. Bytes are compared with their 0x20 bit set, which may admit
// a few non-letters for a letter or a space: a false positive, never a
// miss, for a prefilter.
func foldAt(s string, i int, w string) bool {
	if i+len(w) > len(s) {
		return false
	}
	for j := 0; j < len(w); j++ {
		if s[i+j]|0x20 != w[j]|0x20 {
			return false
		}
	}
	return true
}

// refusalLookback is how many assistant turns before a failure are read
// for a refusal; refusalChars how much of each.
const (
	refusalLookback = 12
	refusalChars    = 400
)

// openingOf returns the first refusalChars bytes of s (cut at a rune
// boundary).
func openingOf(s string) string {
	if len(s) <= refusalChars {
		return s
	}
	n := refusalChars
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func addCause(f *finding.Finding, id string, conf float64, evidence []string) {
	if conf <= 0 {
		return
	}
	f.Causes = append(f.Causes, finding.CauseRef{ID: id, Confidence: math.Round(finding.Clamp01(conf)*1000) / 1000, Evidence: evidence})
}

// Misgeneralization attributes failures that happen where training and eval
// did not reach: deeper than the eval's turns, longer than its contexts, in
// categories it lacks, or a multi-turn version of a request the same model
// refused earlier in the trajectory.
type Misgeneralization struct{ Eval *profile.Profile }

// ID implements Rule.
func (Misgeneralization) ID() string { return "misgeneralization" }

// Apply implements Rule.
func (r Misgeneralization) Apply(in *Input) {
	for i := range in.Findings {
		f := &in.Findings[i]
		prefix := failingPrefix(in.Trajectory, f)
		var conf float64
		var ev []string
		maxDepth, maxTokens, basis := float64(seedEvalMaxDepth), float64(seedEvalMaxTokens), "the taxonomy's offline-eval default"
		if r.Eval != nil && r.Eval.Trajectories > 0 {
			maxDepth, maxTokens, basis = r.Eval.TurnDepth.Max, r.Eval.ContextTokens.Max, "the eval profile"
		}
		if d := float64(userTurns(prefix)); d > maxDepth {
			c := math.Min(0.7, 0.35+0.05*(d-maxDepth))
			conf = math.Max(conf, c)
			ev = append(ev, fmt.Sprintf("failure at user turn %.0f, deeper than the %.0f turns of %s", d, maxDepth, basis))
		}
		if tok := float64(tokensOf(prefix)); tok > maxTokens {
			conf = math.Max(conf, 0.45)
			ev = append(ev, fmt.Sprintf("context of ~%.0f tokens at the failure, longer than the %.0f of %s", tok, maxTokens, basis))
		}
		if f.Phenomenon == taxonomy.PolicyErosion || f.Phenomenon == taxonomy.IntentDrift {
			if j := earlierRefusal(in, f); j >= 0 {
				conf = math.Max(conf, 0.8)
				ev = append(ev, fmt.Sprintf("the same model refused at turn %d and complied at turn %d: its single-turn safety did not carry over to the multi-turn conversation", j, f.FirstTurn))
			}
		}
		if r.Eval != nil && r.Eval.Trajectories > 0 {
			var users []string
			for _, m := range prefix {
				if m.Role == trajectory.RoleUser {
					users = append(users, m.Content)
				}
			}
			for _, c := range profile.Categorize(strings.Join(users, "\n")) {
				if r.Eval.Categories[c] == 0 {
					conf = math.Max(conf, 0.5)
					ev = append(ev, fmt.Sprintf("request category %q does not occur in the eval profile", c))
				}
			}
		} else if conf > 0 {
			conf *= 0.85
			ev = append(ev, "no eval profile given: support assumed from the taxonomy (1-3 turns, short contexts); `faultline profile` on your eval set would make this precise")
		}
		addCause(f, taxonomy.PolicyMisgeneralization, conf, ev)
	}
}

// BlindSpot attributes failures the preference model should have caught: a
// high reward-model score or an unflagging safety classifier on the failing
// turn. Without that metadata it gives a low prior and names the fields.
type BlindSpot struct{ Eval *profile.Profile }

// ID implements Rule.
func (BlindSpot) ID() string { return "blind_spot" }

// Apply implements Rule.
func (r BlindSpot) Apply(in *Input) {
	for i := range in.Findings {
		f := &in.Findings[i]
		meta := in.Trajectory.TurnMetaAt(f.FirstTurn)
		var conf float64
		var ev, missing []string
		if meta != nil && meta.RewardModelScore != nil {
			s := *meta.RewardModelScore
			if s < 0 || s > 1 { // raw logit-style scores
				s = 1 / (1 + math.Exp(-s))
			}
			if s >= 0.6 {
				conf = math.Max(conf, 0.5+0.45*(s-0.6)/0.4)
				ev = append(ev, fmt.Sprintf("the failing turn got a high reward-model score (%.2f): the reward model preferred it", *meta.RewardModelScore))
			}
		} else {
			missing = append(missing, "reward_model_score")
		}
		if meta != nil && meta.SafetyClassifier != nil {
			sc := meta.SafetyClassifier
			if !sc.Flagged {
				conf = math.Max(conf, 0.65)
				ev = append(ev, fmt.Sprintf("safety classifier %q did not flag the failing turn", sc.Name))
			}
		} else {
			missing = append(missing, "safety_classifier")
		}
		if r.Eval != nil && r.Eval.Trajectories > 0 {
			var users []string
			for _, m := range failingPrefix(in.Trajectory, f) {
				if m.Role == trajectory.RoleUser {
					users = append(users, m.Content)
				}
			}
			for _, c := range profile.Categorize(strings.Join(users, "\n")) {
				if r.Eval.Categories[c] == 0 {
					conf = math.Max(conf, 0.4)
					ev = append(ev, fmt.Sprintf("pattern class %q is absent from the labeled profile: labelers never judged it", c))
				}
			}
		}
		if len(missing) == 2 && conf == 0 {
			// Prior: failures that reach production passed whatever preference
			// signal trained the model, so a blind spot is plausible but unproven.
			conf = 0.2
			ev = append(ev, "prior only: no reward_model_score or safety_classifier on the failing turn; either field would confirm or rule out a blind spot")
		} else if len(missing) > 0 {
			ev = append(ev, "missing: "+strings.Join(missing, ", ")+" (would raise confidence)")
		}
		addCause(f, taxonomy.PreferenceModelBlindSpot, conf, ev)
	}
}

// flatteryPhrases are approval-seeking flattery in a reply (lower case,
// straight apostrophes).
var flatteryPhrases = []string{"great question", "excellent question", "you're absolutely right", "youre absolutely right",
	"you're completely right", "youre completely right", "you're totally right", "youre totally right", "what a great",
	"what a wonderful", "what a brilliant", "i love that", "i love your", "brilliant idea", "brilliant point", "excellent point"}

// flatteryChars is how much of a reply's opening is read for flattery.
const flatteryChars = 600

// flattery returns the flattery phrase that opens a reply (read in its
// first flatteryChars bytes, case-insensitively, at word boundaries), or "".
// A phrase list rather than a case-insensitive regexp: this runs on every
// attribution, which the gateway does after every turn.
func flattery(reply string) string {
	var buf [flatteryChars]byte
	low := buf[:0]
	for i := 0; i < len(reply) && len(low) < flatteryChars; i++ {
		c := reply[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == 0xE2 && i+2 < len(reply) && reply[i+1] == 0x80 && reply[i+2] == 0x99: // ’
			c, i = '\'', i+2
		}
		low = append(low, c)
	}
	// One pass over the opening finds every phrase that occurs at word
	// boundaries; the first of them in list order is the answer.
	var found uint32
	for j := range low {
		if j > 0 && isWordByte(low[j-1]) {
			continue // not at a word boundary
		}
		for _, k := range flatteryStarts[low[j]] {
			p := flatteryPhrases[k]
			if end := j + len(p); end <= len(low) && string(low[j:end]) == p &&
				(end == len(low) || !isWordByte(low[end])) {
				found |= 1 << k
			}
		}
	}
	if found == 0 {
		return ""
	}
	return flatteryPhrases[bits.TrailingZeros32(found)]
}

// flatteryStarts lists, by first byte, the indexes of the flattery phrases
// that start with it.
var flatteryStarts = func() (starts [256][]uint8) {
	if len(flatteryPhrases) > 32 {
		panic("attribute: more than 32 flattery phrases")
	}
	for k, p := range flatteryPhrases {
		starts[p[0]] = append(starts[p[0]], uint8(k))
	}
	return starts
}()

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' }

// ShapingSideEffect attributes failures where a dense helpfulness or
// engagement reward beat a sparse safety term: explicit reward terms on the
// failing turn, sycophancy and over-compliance patterns, flattery.
type ShapingSideEffect struct{}

// ID implements Rule.
func (ShapingSideEffect) ID() string { return "shaping_side_effect" }

// Apply implements Rule.
func (ShapingSideEffect) Apply(in *Input) {
	for i := range in.Findings {
		f := &in.Findings[i]
		meta := in.Trajectory.TurnMetaAt(f.FirstTurn)
		var conf float64
		var ev []string
		if meta != nil && len(meta.Reward) > 0 {
			help, safety, hasSafety := rewardTerms(meta.Reward)
			switch {
			case hasSafety && help > 0 && help > 2*math.Abs(safety):
				conf = math.Max(conf, 0.8)
				ev = append(ev, fmt.Sprintf("helpfulness/engagement reward %.2f dominated the safety term %.2f on the failing turn", help, safety))
			case !hasSafety && help > 0:
				conf = math.Max(conf, 0.6)
				ev = append(ev, fmt.Sprintf("the failing turn was rewarded for helpfulness/engagement (%.2f) with no safety term at all", help))
			}
		} else {
			ev = append(ev, "missing: reward (named terms such as helpfulness and safety) would show whether helpfulness dominated")
		}
		switch f.Phenomenon {
		case taxonomy.RewardHacking:
			conf = math.Max(conf, 0.55)
			ev = append(ev, "optimizing a proxy (approval, passing checks) is the signature of a shaped reward")
		case taxonomy.PolicyErosion:
			if earlierRefusal(in, f) < 0 {
				conf = math.Max(conf, 0.35)
				ev = append(ev, "over-compliance: the model complied without ever declining")
			}
		}
		if f.FirstTurn >= 0 && f.FirstTurn < len(in.Trajectory.Messages) {
			if p := flattery(in.Trajectory.Messages[f.FirstTurn].Content); p != "" {
				conf = math.Min(1, math.Max(conf, 0.3)+0.15)
				ev = append(ev, fmt.Sprintf("flattery that buys approval: %q", p))
			}
		}
		if conf == 0 {
			continue
		}
		addCause(f, taxonomy.RewardShapingSideEffect, conf, ev)
	}
}

// rewardTerms sums the helpfulness-like and safety-like terms of a reward map.
func rewardTerms(terms map[string]float64) (help, safety float64, hasSafety bool) {
	for k, v := range terms {
		k = strings.ToLower(k)
		switch {
		case strings.Contains(k, "safe") || strings.Contains(k, "harm") || strings.Contains(k, "toxic"):
			safety += v
			hasSafety = true
		case strings.Contains(k, "help") || strings.Contains(k, "engag") || strings.Contains(k, "useful") ||
			strings.Contains(k, "satisf") || strings.Contains(k, "length"):
			help += v
		}
	}
	return help, safety, hasSafety
}

// contextSignals are the detection signals that evidence context-window
// exploitation when they appear in a finding's evidence.
var contextSignals = map[string]bool{"instruction_in_data": true, "role_marker": true, "padding": true, "many_shot": true, "hidden_text": true}

// ContextWindow attributes failures to context-window exploitation: the
// detection score, the system prompt pushed beyond the context window
// (estimated tokens versus `context_window`), truncation, and context signals
// in the finding's evidence. Evidence is combined by maximum, not summed, so
// one observation seen by two signals is not counted twice.
type ContextWindow struct{}

// ID implements Rule.
func (ContextWindow) ID() string { return "context_window" }

// Apply implements Rule.
func (ContextWindow) Apply(in *Input) {
	for i := range in.Findings {
		f := &in.Findings[i]
		conf := in.ContextExploitation
		var ev []string
		if conf > 0 {
			ev = append(ev, fmt.Sprintf("detection measured context exploitation %.2f in this trajectory", conf))
		}
		for _, e := range f.Evidence {
			if contextSignals[e.Signal] {
				conf = math.Max(conf, math.Max(0.5, e.Weight))
				ev = append(ev, fmt.Sprintf("%s at turn %d", e.Signal, e.Turn))
			}
		}
		meta := in.Trajectory.TurnMetaAt(f.FirstTurn)
		prefix := failingPrefix(in.Trajectory, f)
		switch {
		case meta != nil && meta.ContextWindow > 0:
			tok := tokensOf(prefix)
			if meta.Usage != nil {
				tok = max(tok, meta.Usage.PromptTokens, meta.Usage.InputTokens)
			}
			switch {
			case tok > meta.ContextWindow:
				conf = math.Max(conf, 0.9)
				ev = append(ev, fmt.Sprintf("~%d tokens before the failure exceed the %d-token window: the system prompt at the start was pushed out", tok, meta.ContextWindow))
			case float64(tok) >= 0.9*float64(meta.ContextWindow):
				conf = math.Max(conf, 0.6)
				ev = append(ev, fmt.Sprintf("~%d tokens fill %.0f%% of the %d-token window", tok, 100*float64(tok)/float64(meta.ContextWindow), meta.ContextWindow))
			}
		default:
			if conf > 0 {
				ev = append(ev, "missing: context_window (with it, whether the system prompt was pushed out could be checked)")
			}
		}
		if meta != nil && meta.Truncated {
			conf = math.Max(conf, 0.8)
			ev = append(ev, "the serving stack reported the context as truncated")
		}
		addCause(f, taxonomy.ContextWindowExploitation, conf, ev)
	}
}
