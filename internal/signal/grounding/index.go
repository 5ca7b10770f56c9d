package grounding

// index is the incremental vocabulary of the context: words and numbers,
// adjacent word pairs (each flagged inAll, and inKnowledge when it occurred
// in knowledge), and URLs of every turn observed so far.
type index struct {
	words flagSet
	pairs flagSet
	urls  hashSet
	hosts hashSet
	// units holds the words that directly follow a number in knowledge
	// ("4,200 mAh", "7 votes"): the quantities the knowledge states.
	units hashSet
	// roles holds the words that directly precede a name in knowledge
	// ("engineer" in "designed by engineer John Bradfield"): the roles the
	// knowledge names someone or something for.
	roles hashSet
	// asked holds the units of the numbers of the latest user turn: a
	// quantity the user gives numbers of is one the answer may compute.
	asked hashSet
	// bytes is the amount of text indexed; knowledge the amount of
	// knowledge, sysKnowledge the part from system prompts.
	bytes, knowledge, sysKnowledge int
	// months counts the month names of knowledge: the dates it states;
	// years its years.
	months, years int
	// askedYear is set when the latest user turn has a year (an answer may
	// compute another from it).
	askedYear bool
}

// add indexes the words of one text already tokenized into toks (its URLs
// go to addURLs); all of them count as knowledge when know is set, those
// flagged fKnow otherwise (marked: some are). The units of numbers are only
// kept when units is set (not from the user: a problem the user states has
// numbers an answer computes others from).
func (x *index) add(s string, toks []token, know, marked, units bool) {
	x.bytes += len(s)
	x.words.reserve(len(toks))
	x.pairs.reserve(len(toks))
	switch {
	case know:
		x.addWords(toks, inAll|inKnowledge)
		for k := range toks {
			t := &toks[k]
			x.knowledge += int(t.end-t.start) + 1
			if units && t.flags&(cMonth|fDigit) != 0 {
				x.knowledgeUnits(s, toks, k)
			}
			if t.flags&(fCap|fSent) == fCap && k > 0 {
				x.role(toks[k-1])
			}
		}
	case !marked:
		x.addWords(toks, inAll)
	default:
		x.addMarked(s, toks, units)
	}
}

// addWords indexes the words and pairs of toks with the flags f.
func (x *index) addWords(toks []token, f uint8) {
	x.words.n += putWords(x.words.slots, toks, f)
	x.pairs.n += putPairs(x.pairs.slots, toks, f)
}

// putWords puts the words of toks with the flags f into slots (see put) and
// returns the number of new ones. It and putPairs are loops of their own:
// one loop for both kept fewer of its values in registers than it needed.
func putWords(slots []flagSlot, toks []token, f uint8) int {
	n := 0
	for k := range toks {
		if put(slots, toks[k].h, f) {
			n++
		}
	}
	return n
}

// putPairs puts the adjacent word pairs of toks with the flags f into
// slots and returns the number of new ones.
func putPairs(slots []flagSlot, toks []token, f uint8) int {
	if len(toks) == 0 {
		return 0
	}
	n := 0
	prev := toks[0].h
	for k := 1; k < len(toks); k++ {
		h := toks[k].h
		if put(slots, pairHash(prev, h), f) {
			n++
		}
		prev = h
	}
	return n
}

// addMarked indexes toks, some of them flagged fKnow (see add).
func (x *index) addMarked(s string, toks []token, units bool) {
	var prev uint64
	var prevF uint8
	for k := range toks {
		t := &toks[k]
		f := inAll
		if t.flags&fKnow != 0 {
			f |= inKnowledge
			x.knowledge += int(t.end-t.start) + 1
			if units && t.flags&(cMonth|fDigit) != 0 {
				x.knowledgeUnits(s, toks, k)
			}
			if t.flags&(fCap|fSent) == fCap && k > 0 && toks[k-1].flags&fKnow != 0 {
				x.role(toks[k-1])
			}
		}
		x.words.add(t.h, f)
		if prev != 0 {
			x.pairs.add(pairHash(prev, t.h), f&prevF)
		}
		prev, prevF = t.h, f
	}
}

// reset empties the index for another trajectory, keeping its tables (see
// flagSet.reset).
func (x *index) reset() {
	*x = index{words: x.words, pairs: x.pairs, urls: x.urls, hosts: x.hosts, units: x.units, roles: x.roles, asked: x.asked}
	x.words.reset()
	x.pairs.reset()
	resetSet(&x.urls)
	resetSet(&x.hosts)
	resetSet(&x.units)
	resetSet(&x.roles)
	resetSet(&x.asked)
}

// addURLs indexes URLs and their hosts.
func (x *index) addURLs(urls []urlRef) {
	for _, u := range urls {
		x.urls.Add(u.full)
		x.hosts.Add(u.host)
	}
}

// role keeps the word w that precedes a name in knowledge when it can name
// a role: a content word in lower case, not a number.
func (x *index) role(w token) {
	if w.flags&(fCap|fStop|fDigit|fCode) == 0 && w.end-w.start >= 3 {
		x.roles.Add(w.h)
	}
}

// isYear reports whether a token is a year of the last five centuries
// (1500 to 2099).
func isYear(t string) bool {
	return len(t) == 4 && (t[0] == '1' && t[1] >= '5' && t[1] <= '9' || t[0] == '2' && t[1] == '0') &&
		t[2] >= '0' && t[2] <= '9' && t[3] >= '0' && t[3] <= '9'
}

// knowledgeUnits counts the month name or year toks[k] of knowledge s, or
// keeps the unit of the number toks[k] (see unitAfter).
func (x *index) knowledgeUnits(s string, toks []token, k int) {
	if toks[k].flags&cMonth != 0 {
		x.months++
	}
	if isYear(s[toks[k].start:toks[k].end]) {
		x.years++
	}
	if toks[k].flags&fDigit != 0 {
		if u, ok := unitAfter(s, toks, k); ok {
			x.units.Add(u)
		}
	}
}

// ask records the units of the numbers of a user turn s (replacing the
// previous turn's).
func (x *index) ask(s string, toks []token) {
	x.asked.Reset()
	x.askedYear = false
	for k, t := range toks {
		if t.flags&fDigit != 0 {
			x.askedYear = x.askedYear || isYear(s[t.start:t.end])
			if u, ok := unitAfter(s, toks, k); ok {
				x.asked.Add(u)
			}
		}
	}
}

// unitAfter returns the hash of the word right after the number toks[k]
// of s (one separator between them): its unit or counted noun; a percent
// sign right after the number is the unit "percent".
func unitAfter(s string, toks []token, k int) (uint64, bool) {
	if e := int(toks[k].end); e < len(s) && s[e] == '%' {
		return percentUnit, true
	}
	if k+1 >= len(toks) {
		return 0, false
	}
	n := toks[k+1]
	if n.flags&(fDigit|fStop|fCode) != 0 || n.start-toks[k].end > 1 {
		return 0, false
	}
	return n.h, true
}

// percentUnit is the unit of a number followed by '%': the word "percent".
var percentUnit = wordHash("percent")

// monthNames are the month names ("may" is left out: it is mostly a
// verb); their words have the class cMonth.
var monthNames = []string{"january", "february", "march", "april", "june", "july", "august", "september",
	"october", "november", "december"}
