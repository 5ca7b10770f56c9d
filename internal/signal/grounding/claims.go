package grounding

import (
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// instructionStarters begin a sentence of a system prompt that instructs or
// sets a persona ("You are...", "Always cite...", "Your stance is: ...").
// Instructions are not knowledge: a response is not grounded in them.
var instructionStarters = []string{"you", "your", "you're", "you'll", "yourself", "do", "don't", "never", "always",
	"follow", "use", "respond", "answer", "reply", "be", "please", "act", "pretend", "keep", "make", "avoid", "if",
	"when", "whenever", "remember", "ensure", "note", "assist", "help", "stay", "try", "only", "write", "provide",
	"give", "speak", "must", "should", "important", "ask", "refuse", "consider", "imagine", "roleplay", "think",
	"output", "return", "format", "limit", "begin", "start", "include", "explain", "focus", "as", "instruction",
	"rule", "guideline", "let's", "we", "unless", "avoid", "cite", "mention", "refer", "read", "analyze",
	"summarize", "translate", "check", "verify", "prefer", "assume", "call", "current", "today"}

// nonClaimStarters begin an assistant sentence that plans, narrates an
// action, asks, greets or offers help: meta-talk, not a factual claim.
var nonClaimStarters = newPhraseTable(cNonClaim, 1,
	"i'll", "i will", "let me", "let's", "i need", "i'm going", "i am going", "we need", "we'll", "we will",
	"i can", "i'd", "i would", "i'm happy", "i am happy", "would you", "do you", "shall i", "should i", "please",
	"if you", "feel free", "here is", "here's", "here are", "sure", "certainly", "of course", "okay", "ok",
	"alright", "absolutely", "great", "thanks", "thank", "hello", "hi", "next", "now", "to do this", "to answer",
	"to provide", "to help", "to find", "to get", "first", "then", "finally", "i apologize", "i'm sorry", "sorry",
	"i hope", "hope", "is there", "anything else", "i understand", "understood", "noted", "i see", "got it",
	"i have", "i've", "i must", "i should", "i want", "i'm not able", "i am not able", "i cannot", "i can't",
	"unfortunately", "step", "however i", "no problem", "you're welcome", "you can", "you may", "you might",
	"you should", "you could", "let us", "we can", "we have", "we've",
)

// refusalStarters open a response that declines: its sentences justify the
// refusal, they make no claim about the context.
var refusalStarters = newPhraseTable(cRefusal, 1,
	"i cannot", "i can't", "i can not", "i won't", "i will not", "i'm sorry", "i am sorry", "sorry", "i apologize",
	"i'm unable", "i am unable", "i'm not able", "i am not able", "as an ai", "i must decline", "i'm afraid",
)

// isRefusal reports whether the response's first word starts a refusal.
func isRefusal(toks []token) bool {
	for i, tk := range toks {
		if tk.flags&(fCode|fMeta) != 0 {
			continue
		}
		return refusalStarters.startsAt(toks, i)
	}
	return false
}

// markAll flags every token fMeta and returns 0 claims.
func markAll(toks []token) int {
	for k := range toks {
		toks[k].flags |= fMeta
	}
	return 0
}

// isInstruction reports whether a segment starting at toks[0] instructs.
func isInstruction(toks []token) bool {
	for _, tk := range toks {
		if tk.flags&fDigit != 0 {
			continue // "1. Always ..."
		}
		return tk.flags&cInstruction != 0
	}
	return false
}

// markKnowledge flags fKnow on the tokens of a system prompt that are not
// instructions or persona: sentences (split at . ! ? and line breaks, not at
// colons) whose first word does not instruct. It returns the knowledge bytes.
func markKnowledge(s string, toks []token) int {
	n := 0
	for a := 0; a < len(toks); {
		b := a + 1
		for b < len(toks) && !segmentStart(s, toks, b) {
			b++
		}
		if !isInstruction(toks[a:b]) {
			for k := a; k < b; k++ {
				toks[k].flags |= fKnow
			}
			n += int(toks[b-1].end - toks[a].start)
		}
		a = b
	}
	return n
}

// segmentStart reports whether toks[i] starts a line or follows . ! ?.
func segmentStart(s string, toks []token, i int) bool {
	tk := toks[i]
	if tk.flags&fLine != 0 {
		return true
	}
	if tk.flags&fSent == 0 {
		return false
	}
	for j := int(tk.start) - 1; j >= int(toks[i-1].end); j-- {
		switch s[j] {
		case '.', '!', '?':
			return true
		}
	}
	return false
}

// KnowledgeBytes is the amount of knowledge a message gives the model to
// answer from: the non-instruction sentences of a system prompt, a tool
// result, the knowledge of a user turn that is a document (see
// userDocument); 0 otherwise.
func KnowledgeBytes(m *trajectory.Message) int {
	switch m.Role {
	case trajectory.RoleSystem:
		if len(m.Content) < 2*shortText {
			// At most shortText words (each a byte, and a separator
			// between two): a smaller buffer to clear.
			var buf [shortText]token
			return markKnowledge(m.Content, tokenize(m.Content, buf[:0]))
		}
		var buf [512]token
		toks := tokenize(m.Content, buf[:0])
		return markKnowledge(m.Content, toks)
	case trajectory.RoleTool:
		return len(m.Content)
	case trajectory.RoleUser:
		if len(m.Content) >= minDocBytes(m.Content) {
			var buf [512]token
			toks := tokenize(m.Content, buf[:0])
			return userDocument(m.Content, toks)
		}
	}
	return 0
}

// shortText is the number of words of the stack buffer KnowledgeBytes
// reads a short system prompt into.
const shortText = 64

// personalWords are first- and second-person words: a text full of them
// talks to the model (a request, a role-play set-up), a document does not.
var personalWords = []string{"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "you", "your", "yours",
	"yourself", "i'm", "i've", "i'd", "i'll", "we're", "we've", "you're", "you've", "you'll", "you'd"}

// maxDataShare is the share of number and one-letter tokens from which a
// long user turn is data (a log, a listing, a table) rather than a document.
const maxDataShare = 0.3

// userDocument flags fKnow on the knowledge of a long user turn and returns
// its size, or returns 0 (flags cleared) when the turn is not a document: a
// long request made mostly of instructions, or addressed to the model in the
// first and second person (a persona, a role-play or persuasion set-up),
// gives nothing to answer from, and neither does pasted data.
func userDocument(s string, toks []token) int {
	least := minDocBytes(s)
	if len(s) < least {
		return 0
	}
	personal, numeric := 0, 0
	for k := range toks {
		tk := &toks[k]
		if tk.flags&cPersonal != 0 {
			personal++
		}
		if tk.flags&fDigit != 0 || tk.end-tk.start == 1 {
			numeric++
		}
	}
	// Logs, process listings and tables (mostly numbers and one-letter
	// fields) are data the user asks about, not prose to answer from: an
	// answer on how to act on them rightly uses outside knowledge. Neither
	// test needs the knowledge marks: a turn that fails one is not marked.
	data := float64(numeric) >= maxDataShare*float64(len(toks))
	if data || float64(personal) >= 0.02*float64(len(toks)) {
		return 0
	}
	n := markKnowledge(s, toks)
	if n >= least && float64(n) >= 0.6*float64(len(s)) {
		return n
	}
	for k := range toks {
		toks[k].flags &^= fKnow
	}
	return 0
}

// IntroducesDocument reports whether a user turn opens with a line that
// introduces a document after it ("Summarize this article:"): what
// follows is given to answer from, as knowledge is.
func IntroducesDocument(s string) bool { return minDocBytes(s) == introducedDocBytes }

// minDocBytes is the size from which a user turn s can be a document:
// docBytes, or introducedDocBytes when its first line introduces what
// follows ("Summarize this article:", "Here is the passage:").
func minDocBytes(s string) int {
	s = strings.TrimLeft(s, " \t\r\n")
	i := strings.IndexByte(s[:min(len(s), maxIntroBytes+1)], '\n')
	if i <= 0 {
		return docBytes
	}
	if line := strings.TrimRight(s[:i], " \t\r"); strings.HasSuffix(line, ":") {
		return introducedDocBytes
	}
	return docBytes
}

// An introduced document: its introduction line is at most maxIntroBytes,
// and a paragraph (introducedDocBytes) is enough to answer from.
const (
	maxIntroBytes      = 120
	introducedDocBytes = 150
)

// markClaims flags fMeta on the tokens of an assistant response that are
// not factual claims: reasoning blocks (<thinking>), questions, and
// sentences that plan, narrate an action, greet or offer help. It returns
// the number of claim tokens left.
func markClaims(s string, toks []token) int {
	if strings.Contains(s, "<thinking>") {
		markBlocks(s, toks, "<thinking>", "</thinking>")
	}
	if isRefusal(toks) {
		return markAll(toks)
	}
	claims := 0
	for a := 0; a < len(toks); {
		// The sentence toks[a:b] and its claim words, in one pass.
		n, b := 0, a
		for {
			if tk := &toks[b]; tk.flags&(fMeta|fCode) == 0 && tk.content() {
				n++
			}
			if b++; b == len(toks) || toks[b].flags&fSent != 0 {
				break
			}
		}
		if nonClaim(s, toks, a, b) {
			for k := a; k < b; k++ {
				toks[k].flags |= fMeta
			}
		} else {
			claims += n
		}
		a = b
	}
	return claims
}

// markReasoning flags fMeta on reasoning blocks only (in a dialogue every
// sentence of a response is measured: opinions and personal statements are
// what knowledge-grounded dialogue labels as unattributable) and returns the
// number of words left.
func markReasoning(s string, toks []token) int {
	if strings.Contains(s, "<thinking>") {
		markBlocks(s, toks, "<thinking>", "</thinking>")
	}
	if isRefusal(toks) {
		return markAll(toks)
	}
	n := 0
	for _, tk := range toks {
		if tk.flags&(fMeta|fCode) == 0 {
			n++
		}
	}
	return n
}

// nonClaim reports whether the sentence toks[a:b] is a question or starts
// like meta-talk.
func nonClaim(s string, toks []token, a, b int) bool {
	end := len(s)
	if b < len(toks) {
		end = int(toks[b].start)
	}
	for j := int(toks[b-1].end); j < end; j++ {
		if s[j] == '?' {
			return true
		}
		if s[j] == '.' || s[j] == '!' || s[j] == '\n' {
			break
		}
	}
	return nonClaimStarters.startsAt(toks, a)
}

// markBlocks flags fMeta on tokens between open and close tags.
func markBlocks(s string, toks []token, open, close string) {
	for from := 0; ; {
		i := strings.Index(s[from:], open)
		if i < 0 {
			return
		}
		i += from
		j := strings.Index(s[i:], close)
		if j < 0 {
			j = len(s)
		} else {
			j += i + len(close)
		}
		for k := range toks {
			if int(toks[k].start) >= i && int(toks[k].end) <= j {
				toks[k].flags |= fMeta
			}
		}
		if j >= len(s) {
			return
		}
		from = j
	}
}
