package grounding

import (
	"strings"
)

// index is the incremental vocabulary of the context: words and numbers,
// adjacent word pairs (each flagged inAll, and inKnowledge when it occurred
// in knowledge), and URLs of every turn observed so far.
type index struct {
	words flagSet
	pairs flagSet
	urls  hashSet
	hosts hashSet
	// bytes is the amount of text indexed; knowledge the amount of
	// knowledge, sysKnowledge the part from system prompts.
	bytes, knowledge, sysKnowledge int
}

// add indexes one text already tokenized into toks; tokens flagged fKnow
// (or all of them when know is set) also count as knowledge.
func (x *index) add(s string, toks []token, know bool) {
	x.bytes += len(s)
	var prev uint64
	var prevF uint8
	for _, t := range toks {
		f := inAll
		if know || t.flags&fKnow != 0 {
			f |= inKnowledge
			x.knowledge += int(t.end-t.start) + 1
		}
		x.words.add(t.h, f)
		if prev != 0 {
			x.pairs.add(pairHash(prev, t.h), f&prevF)
		}
		prev, prevF = t.h, f
	}
	if strings.Contains(s, "://") || strings.Contains(s, "www.") {
		eachURL(s, func(u string) {
			host, full := urlKeys(u)
			x.urls.Add(full)
			x.hosts.Add(host)
		})
	}
}
