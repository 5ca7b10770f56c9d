package provenance

import (
	"maps"
	"slices"
	"strings"
)

// What a user request hands to the data. Two readings of the request's
// first requestChars bytes (an agent's task is stated up front; a long paste
// after it is data):
//
//   - delegation of targets: the request points the agent to data (a source
//     noun: "the thread", "the invoice") and hands it the choice of targets
//     (a cue: "everyone", "all", "the latest"), so targets found in plain
//     data are what the user asked for;
//   - delegation of instructions: one sentence of the request asks the agent
//     to carry out (do, follow, complete) the instructions, tasks or steps
//     of a source it names (a source noun, a file, a URL, an address: "do
//     the tasks on my TODO list at ...", "read notes.txt and follow the
//     instructions"), so orders found in that source are the user's.
//   - a read-only task: the request asks for information (it opens with a
//     question word or a verb of finding out: "what ...", "summarize ...",
//     "find ...", "check why ...") and names no action (no verb of sending,
//     posting, paying, installing, running, deleting, ...). A call that acts
//     on the world is then outside the task's scope.

// requestChars is how much of a request is read.
const requestChars = 600

// request is what a user request delegates, as bit flags.
type request uint8

const (
	// delegatesTargets: targets found in plain data are the task.
	delegatesTargets request = 1 << iota
	// delegatesInstructions: orders in the source the request names are
	// the task.
	delegatesInstructions
	// readsOnly: the request asks for information and names no action.
	readsOnly
)

// Word classes of requestWords, as bit flags: one map lookup per word.
const (
	sourceNoun uint8 = 1 << iota
	delegationCue
	carryVerb
	instructionNoun
	// infoVerb opens a request for information ("summarize", "what").
	infoVerb
	// actionVerb names an action on the world ("send", "post", "run").
	actionVerb
	// determiner makes the next word a noun ("my email", "the post").
	determiner
	// settleVerb settles what a source asks for ("pay the bill", "answer
	// the email"): the targets are the source's, not named by the user.
	settleVerb
)

// requestWords are the source nouns (data a user can point an agent to),
// delegation cues (words that hand it the choice of targets), carry-out
// verbs and instruction nouns.
var requestWords = func() map[string]uint8 {
	m := map[string]uint8{}
	for _, e := range []struct {
		class uint8
		words string
	}{
		{sourceNoun, "email emails e-mail mail mails thread threads message messages inbox file files " +
			"document documents doc docs attachment attachments invoice invoices bill bills receipt statement list lists " +
			"spreadsheet sheet calendar event events meeting channel page website webpage ticket tickets readme notes note " +
			"transaction transactions contacts review reviews post posts table report"},
		{delegationCue, "everyone everybody all each every them those listed mentioned attached included " +
			"specified according accordingly same latest outstanding pending unpaid " +
			"gave given provided stated requested asked asks wants says requests details information info based"},
		{carryVerb, "follow complete perform execute carry handle finish accomplish implement"},
		{instructionNoun, "instruction instructions task tasks todo todos to-do step steps action actions " +
			"checklist directions directives"},
		{infoVerb, "find summarize summarise list show tell check look search get read explain describe compare " +
			"count review analyze analyse identify recap catch what whats when where who whom whose which how why " +
			"is are was were does did do can could would will should any"},
		{actionVerb, actionVerbs},
		{determiner, "my the a an this that these those latest last your his her their our its each every some " +
			"new first next previous recent"},
		{settleVerb, "pay settle answer reply respond rsvp"},
	} {
		for _, w := range strings.Fields(e.words) {
			if len(w) < 3 {
				// Two-letter words are read by readRequest's own switch.
				continue
			}
			m[w] |= e.class
		}
	}
	return m
}()

// actionVerbs name actions on the world: what a read-only task does not
// ask for. Navigation (open, visit, browse, click) is left out: it reads.
const actionVerbs = "send email mail forward reply post comment publish share write create add update edit change " +
	"modify set delete remove cancel pay transfer refund book reserve schedule invite install uninstall run execute " +
	"deploy push commit merge approve fix move rename upload download save order buy purchase subscribe " +
	"unsubscribe register sign submit archive assign close reopen notify message text call block unblock grant " +
	"revoke enable disable accept decline reject apply launch restart kill reset rotate revert tag label give put " +
	"make clean build rebuild print fill dm tweet invite rsvp transfer wire deposit withdraw sell trade"

// requestIndex is requestWords as a table indexed by wordBit, probed
// linearly: most words of a request find their slot empty, and most
// request words are found at the first probe, with no map lookup (which
// hashes every byte).
var requestIndex = func() *wordTable {
	t := &wordTable{}
	// In a fixed order, so that the probe chains are the same in every
	// run.
	for _, w := range slices.Sorted(maps.Keys(requestWords)) {
		i := wordBit(w)
		for t.slots[i] != 0 {
			i = (i + 1) & (wordSlots - 1)
		}
		t.words, t.flags = append(t.words, w), append(t.flags, requestWords[w])
		t.slots[i] = uint16(len(t.words))
	}
	return t
}()

// wordTable maps words of three bytes or more to their flags (see
// requestIndex).
type wordTable struct {
	// slots holds, per wordBit, 1 + the index of an entry, or 0.
	slots [wordSlots]uint16
	words []string
	flags []uint8
}

// wordSlots is the size of wordTable.slots: wordBit's range.
const wordSlots = 1024

// get returns the flags of w, a word of ASCII letters and dashes in any
// case (0 for a word not in the table, and for one shorter than three
// bytes).
func (t *wordTable) get(w string) uint8 {
	if len(w) < 3 {
		return 0
	}
	for k := wordBit(w); ; k = (k + 1) & (wordSlots - 1) {
		e := t.slots[k]
		if e == 0 {
			return 0
		}
		if equalLower(t.words[e-1], w) {
			return t.flags[e-1]
		}
	}
}

// equalLower reports whether w, of ASCII letters and dashes, is the
// lower-case word lw, ignoring the case of w.
func equalLower(lw, w string) bool {
	if len(lw) != len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i]|0x20 != lw[i] {
			return false
		}
	}
	return true
}

// wordBit is a 10-bit digest of a word's length and first three and last
// bytes, lower-cased (setting 0x20 lower-cases letters and keeps '-'), so
// that a word of letters and dashes has the digest of its lower case.
func wordBit(w string) uint {
	h := uint(len(w))*0x9E37 ^ uint(w[0]|0x20)*0x85EB ^ uint(w[1]|0x20)*0xC2B2 ^ uint(w[2]|0x20)*0x27D4 ^
		uint(w[len(w)-1]|0x20)*0x1656
	return (h ^ h>>10) & 1023
}

// readRequest reads what a user request delegates.
func readRequest(text string) request {
	if len(text) > requestChars {
		text = text[:requestChars]
	}
	// The loop over the bytes keeps little state, so that it stays in
	// registers; the words and marks update r.
	var r requestReader
	lo, mk := requestLower[:], requestMark[:]
	for i := 0; uint(i) < uint(len(text)); { // (unsigned: no bounds check)
		c := text[i]
		if lo[c] == 0 {
			if mk[c] {
				r.mark(text, i)
			}
			i++
			continue
		}
		start := i
		for i++; uint(i) < uint(len(text)) && lo[text[i]] != 0; i++ {
		}
		r.word(text[start:i])
	}
	r.endSentence()
	if (r.info || strings.Contains(text, "?")) && !r.action {
		r.out |= readsOnly
	}
	return r.out
}

// requestReader is the state of readRequest.
type requestReader struct {
	out request
	// Anywhere in the request: a source and a cue.
	src, cue bool
	// Within the current sentence: a carry-out verb, an instruction noun
	// and a source (a noun, or a file, URL or address), and a verb that
	// settles what a source asks.
	verb, noun, named, settle bool
	// A read-only task: its first word asks for information (or it asks a
	// question), and no word names an action (a word after a determiner
	// is a noun: "my latest email"). words counts the words read.
	words                  int
	info, action, afterDet bool
}

// endSentence ends a sentence of the request.
func (r *requestReader) endSentence() {
	if r.verb && r.noun && r.named {
		r.out |= delegatesInstructions
	}
	if r.settle && r.named {
		// "Pay the bill in bill-march.txt": the payee is the bill's.
		r.out |= delegatesTargets
	}
	r.verb, r.noun, r.named, r.settle = false, false, false, false
}

// mark reads text[i], a requestMark byte between words.
func (r *requestReader) mark(text string, i int) {
	switch c := text[i]; {
	case c == '\n' || (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n'),
		c == '.' && i > 0 && i+1 < len(text) && text[i-1] >= 'a' && text[i-1] <= 'z' && text[i+1] >= 'A' && text[i+1] <= 'Z':
		// A sentence ends at a stop and a space, or at a stop between a
		// lower-case and a capital letter ("done.Next").
		r.endSentence()
	case (c == '.' || c == '@' || c == '/') && i > 0 && i+1 < len(text) && isWordByte(text[i-1]) && isWordByte(text[i+1]):
		r.named = true
	}
}

// word reads a word of the request (a run of requestLower bytes). It is
// looked up as it stands (see wordTable.get): only the first and the
// two-letter ones are lower-cased.
func (r *requestReader) word(w string) {
	if len(w) < 2 || len(w) > maxRequestWord {
		r.afterDet = false
		return
	}
	var buf [maxRequestWord]byte
	if r.words == 0 && filler[lowerWord(w, buf[:0])] {
		// "Please summarize ...", "Hi, what ..."
		return
	}
	r.words++
	var f uint8
	switch {
	case len(w) == 2:
		switch lowerWord(w, buf[:0]) {
		case "do":
			f = carryVerb // "do the tasks ..."; "do I ...?" asks
		case "my", "an":
			f = determiner
		case "is":
			f = infoVerb
		}
	default:
		f = requestIndex.get(w)
	}
	if r.words == 1 && f&infoVerb != 0 {
		r.info = true
	}
	if f&actionVerb != 0 && !r.afterDet {
		r.action = true
	}
	r.afterDet = f&determiner != 0
	if f == 0 {
		return
	}
	r.named = r.named || f&sourceNoun != 0
	r.src, r.cue = r.src || r.named, r.cue || f&delegationCue != 0
	r.verb, r.noun = r.verb || f&carryVerb != 0, r.noun || f&instructionNoun != 0
	r.settle = r.settle || f&settleVerb != 0
	if r.src && r.cue {
		r.out |= delegatesTargets
	}
}

// filler words do not count as a request's first word.
var filler = map[string]bool{"please": true, "hi": true, "hey": true, "hello": true, "ok": true, "okay": true,
	"now": true, "quickly": true, "so": true}

// maxRequestWord is the longest word readRequest reads.
const maxRequestWord = 24

// lowerWord returns w, of ASCII letters and dashes, lower-cased in buf.
func lowerWord(w string, buf []byte) string {
	for i := 0; i < len(w); i++ {
		buf = append(buf, w[i]|0x20)
	}
	return view(buf)
}

// requestLower maps the bytes of readRequest's words (ASCII letters and
// '-') to their lower case, and every other byte to 0.
var requestLower = func() (t [256]byte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	t['-'] = '-'
	return t
}()

// requestMark marks the bytes between words that readRequest looks at:
// sentence stops and the marks of a file, URL or address.
var requestMark = func() (t [256]bool) {
	for _, c := range []byte("\n.!?:;@/") {
		t[c] = true
	}
	return t
}()
