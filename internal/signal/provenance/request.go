package provenance

import "strings"

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
)

// Word classes of requestWords, as bit flags: one map lookup per word.
const (
	sourceNoun uint8 = 1 << iota
	delegationCue
	carryVerb
	instructionNoun
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
			"specified according accordingly same latest outstanding pending unpaid"},
		{carryVerb, "follow complete perform execute carry handle finish accomplish implement"},
		{instructionNoun, "instruction instructions task tasks todo todos to-do step steps action actions " +
			"checklist directions directives"},
	} {
		for _, w := range strings.Fields(e.words) {
			m[w] |= e.class
		}
	}
	return m
}()

// requestBloom has the bit wordBit(w) of every request word set: most
// words of a request skip the map lookup.
var requestBloom = func() (b [16]uint64) {
	for w := range requestWords {
		i := wordBit(w)
		b[i>>6] |= 1 << (i & 63)
	}
	return b
}()

// wordBit is a 10-bit digest of a word's length and first three and last
// bytes.
func wordBit(w string) uint {
	h := uint(len(w))*0x9E37 ^ uint(w[0])*0x85EB ^ uint(w[1])*0xC2B2 ^ uint(w[2])*0x27D4 ^ uint(w[len(w)-1])*0x1656
	return (h ^ h>>10) & 1023
}

// readRequest reads what a user request delegates.
func readRequest(text string) request {
	if len(text) > requestChars {
		text = text[:requestChars]
	}
	var buf [24]byte
	var out request
	// Anywhere in the request: a source and a cue.
	src, cue := false, false
	// Within the current sentence: a carry-out verb, an instruction noun
	// and a source (a noun, or a file, URL or address).
	var verb, noun, named bool
	endSentence := func() {
		if verb && noun && named {
			out |= delegatesInstructions
		}
		verb, noun, named = false, false, false
	}
	for i := 0; i < len(text); {
		for i < len(text) && !isLetterOrDash(text[i]) {
			switch c := text[i]; {
			case c == '\n' || (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n'),
				c == '.' && i > 0 && i+1 < len(text) && text[i-1] >= 'a' && text[i-1] <= 'z' && text[i+1] >= 'A' && text[i+1] <= 'Z':
				// A sentence ends at a stop and a space, or at a stop
				// between a lower-case and a capital letter ("done.Next").
				endSentence()
			case (c == '.' || c == '@' || c == '/') && i > 0 && i+1 < len(text) && isWordByte(text[i-1]) && isWordByte(text[i+1]):
				named = true
			}
			i++
		}
		n, long := 0, false
		for ; i < len(text) && isLetterOrDash(text[i]); i++ {
			if n == len(buf) {
				long = true
				continue
			}
			c := text[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[n] = c
			n++
		}
		if long || n < 2 {
			continue
		}
		var f uint8
		switch {
		case n == 2:
			if buf[0] == 'd' && buf[1] == 'o' {
				f = carryVerb // "do the tasks ..."
			}
		case requestBloom[wordBit(view(buf[:n]))>>6]&(1<<(wordBit(view(buf[:n]))&63)) != 0:
			// A map lookup with string(bytes) does not allocate.
			f = requestWords[string(buf[:n])]
		}
		if f == 0 {
			continue
		}
		named = named || f&sourceNoun != 0
		src, cue = src || named, cue || f&delegationCue != 0
		verb, noun = verb || f&carryVerb != 0, noun || f&instructionNoun != 0
		if src && cue {
			out |= delegatesTargets
		}
	}
	endSentence()
	return out
}

func isLetterOrDash(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' }
