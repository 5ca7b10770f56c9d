package grounding

import (
	"strings"
)

// MisattributedPrefix starts the excerpt of a fabricated_reference value
// whose first item is a claim cited to a numbered source of the context
// that does not hold it while another source does ("revenue rose 12% [2]"
// when source [1] gives the 12%): the citation is checked, and wrong.
const MisattributedPrefix = "[cites another source] "

// Bounds of the per-source word sets: a context of many long sources keeps
// its first maxSources sources and maxSourceWords words of each.
const (
	maxSources     = 32
	maxSourceWords = 4096
)

// sources holds the words of each numbered source of the context ("[2]
// Acme press release: ...", "Document 2: ..."), to check which source a
// cited claim comes from.
type sources struct {
	words map[int]map[uint64]struct{}
	// last is the highest source number read.
	last int
}

// add reads the numbered sources of a context text: each runs from its
// label at the start of a line to the next label.
func (s *sources) add(text string) {
	cur := -1
	for len(text) > 0 {
		line := text
		if nl := strings.IndexByte(text, '\n'); nl >= 0 {
			line, text = text[:nl], text[nl+1:]
		} else {
			text = ""
		}
		if n, rest, ok := sourceLabel(line); ok {
			cur = n
			line = rest
			s.last = max(s.last, n)
		}
		if cur < 0 {
			continue
		}
		if s.words == nil {
			s.words = map[int]map[uint64]struct{}{}
		}
		set := s.words[cur]
		if set == nil {
			if len(s.words) >= maxSources {
				cur = -1
				continue
			}
			set = map[uint64]struct{}{}
			s.words[cur] = set
		}
		eachSpecific(line, func(h uint64, _ string) {
			if len(set) < maxSourceWords {
				set[h] = struct{}{}
			}
		})
	}
}

// sourceLabel reads the label of a numbered source at the start of a line:
// "[2]", "Document 2:", "Source 2:", "Doc 2:". It returns the number and
// the rest of the line.
func sourceLabel(line string) (int, string, bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '>' || line[i] == '*' || line[i] == '#' || line[i] == '-') {
		i++
	}
	if i == len(line) {
		return 0, "", false
	}
	t := line[i:]
	switch t[0] {
	case '[':
		if n, end, ok := number(t, 1); ok && end < len(t) && t[end] == ']' {
			return n, t[end+1:], true
		}
	case 'D', 'S':
		for _, w := range []string{"Document ", "Source ", "Doc ", "DOCUMENT ", "SOURCE "} {
			if strings.HasPrefix(t, w) {
				if n, end, ok := number(t, len(w)); ok && end < len(t) && (t[end] == ':' || t[end] == ')' || t[end] == '.') {
					return n, t[end+1:], true
				}
			}
		}
	}
	return 0, "", false
}

// number reads one to three digits of s at i; it returns their value and
// the index after them.
func number(s string, i int) (int, int, bool) {
	n, j := 0, i
	for j < len(s) && j-i < 3 && s[j] >= '0' && s[j] <= '9' {
		n = n*10 + int(s[j]-'0')
		j++
	}
	return n, j, j > i
}

// eachSpecific calls fn with the hash of each specific word of text: a
// number, or a word of four or more letters that is no function word.
// Words are lower-cased; a number keeps its digits only ("$48" and "48"
// are one).
func eachSpecific(text string, fn func(h uint64, w string)) {
	start := -1
	for i := 0; i <= len(text); i++ {
		alnum := false
		if i < len(text) {
			c := text[i]
			alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
		}
		switch {
		case alnum && start < 0:
			start = i
		case !alnum && start >= 0:
			w := text[start:i]
			start = -1
			if digits(w) || len(w) >= 4 && !citeStop[strings.ToLower(w)] {
				fn(fold(w), w)
			}
		}
	}
}

// digits reports whether w holds a digit.
func digits(w string) bool {
	return strings.ContainsAny(w, "0123456789")
}

// fold hashes w lower-cased (FNV-1a).
func fold(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// citeStop are frequent words of four or more letters that say nothing
// about which source a claim comes from.
var citeStop = map[string]bool{"that": true, "this": true, "with": true, "from": true, "have": true, "were": true,
	"will": true, "there": true, "their": true, "about": true, "which": true, "also": true, "they": true,
	"been": true, "into": true, "more": true, "than": true, "some": true, "what": true, "when": true,
	"would": true, "could": true, "should": true, "them": true, "then": true, "these": true, "those": true,
	"each": true, "other": true, "such": true, "only": true, "over": true, "after": true, "before": true,
	"said": true, "says": true, "according": true, "source": true, "document": true, "plans": true, "year": true}

// misattributed returns the first claim of a reply cited to a numbered
// source ("... [2]") that the source does not hold while one other source
// holds most of it, or to a source past the last one given, or "" when
// there is none. A claim needs two specific words that some source holds
// to be judged.
func (s *sources) misattributed(reply string) string {
	if len(s.words) < 2 || !strings.Contains(reply, "[") {
		return ""
	}
	from := 0
	for i := 0; i < len(reply); i++ {
		if reply[i] != '[' {
			continue
		}
		n, end, ok := number(reply, i+1)
		if !ok || end >= len(reply) || reply[end] != ']' {
			continue
		}
		clause := reply[from:i]
		if b := strings.LastIndexAny(clause, ".!?\n"); b >= 0 && b < len(clause)-1 {
			clause = clause[b+1:]
		}
		from = end + 1
		if i > 0 && reply[i-1] == ']' || end+1 < len(reply) && reply[end+1] == '[' {
			// One of several sources cited together.
			continue
		}
		if s.words[n] == nil {
			if n > s.last {
				// A source past the last one given: made up.
				return strings.TrimSpace(clause) + " [" + reply[i+1:end] + "] (the context has no source " + reply[i+1:end] + ")"
			}
			continue
		}
		if claimFromOther(s, n, clause) {
			return strings.TrimSpace(clause) + " [" + reply[i+1:end] + "]"
		}
	}
	return ""
}

// claimFromOther reports whether clause, cited to source n, holds at most
// a third of its specific words from n while another source holds two
// thirds or more of them.
func claimFromOther(s *sources, n int, clause string) bool {
	var hs [32]uint64
	spec := hs[:0]
	eachSpecific(clause, func(h uint64, _ string) {
		for _, set := range s.words {
			if _, ok := set[h]; ok {
				if len(spec) < cap(hs) {
					spec = append(spec, h)
				}
				return
			}
		}
	})
	if len(spec) < 2 {
		return false
	}
	count := func(set map[uint64]struct{}) int {
		c := 0
		for _, h := range spec {
			if _, ok := set[h]; ok {
				c++
			}
		}
		return c
	}
	if 3*count(s.words[n]) > len(spec) {
		return false
	}
	for m, set := range s.words {
		if m != n && 3*count(set) >= 2*len(spec) {
			return true
		}
	}
	return false
}
