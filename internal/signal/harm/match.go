package harm

// matcher finds many phrases in one pass over a text (an Aho-Corasick
// automaton over byte classes, with a dense transition table). Matching is
// case-insensitive for ASCII letters, so callers need no lower-cased copy;
// the curly apostrophe (’) matches a phrase's straight one. A phrase that
// starts with a letter or a digit only matches at the start of a word.
// A matcher is immutable once built and safe for concurrent use.
type matcher struct {
	class  [256]uint8
	nclass int
	// next is the transition table: next[state*nclass+class].
	next []uint16
	// out lists, per state, the phrases (by index) that end there; hasOut
	// marks the states with any, so that the scan loop skips the others
	// cheaply.
	out    [][]uint16
	hasOut []bool
	// step is next in the form the scan loops use (see newMatcher).
	step []uint32
	// text, lens and groups are each phrase, its length in bytes and its group.
	text   []string
	lens   []int
	groups []uint8
	// wordStart marks phrases that must start at a word boundary.
	wordStart []bool
	// wholeWord also requires phrases that end with a letter to end at a
	// word boundary.
	wholeWord bool
	// maxLen is the length of the longest phrase.
	maxLen int
}

// match is one phrase found in a text.
type match struct {
	phrase, group, start int
}

// newMatcher builds a matcher over groups of phrases (the group of a
// phrase is the index of its list). Phrases are given in lower case.
func newMatcher(groups ...[]string) *matcher {
	m := &matcher{}
	for g, list := range groups {
		for _, p := range list {
			for _, q := range []string{p, curly(p)} {
				if q == "" {
					continue
				}
				m.text = append(m.text, q)
				m.groups = append(m.groups, uint8(g))
				m.lens = append(m.lens, len(q))
				c := q[0]
				m.wordStart = append(m.wordStart, c >= 'a' && c <= 'z' || c >= '0' && c <= '9')
			}
		}
	}
	m.build()
	return m
}

// build compiles the automaton of the phrases m.text.
func (m *matcher) build() {
	phrases := m.text
	for _, n := range m.lens {
		m.maxLen = max(m.maxLen, n)
	}
	// Byte classes: 0 is every byte no phrase uses.
	used := [256]bool{}
	for _, q := range phrases {
		for i := 0; i < len(q); i++ {
			used[q[i]] = true
		}
	}
	n := 1
	for b := range 256 {
		if used[b] {
			m.class[b] = uint8(n)
			n++
		}
	}
	for b := 'A'; b <= 'Z'; b++ {
		m.class[b] = m.class[b+'a'-'A']
	}
	m.nclass = n
	// The trie, in the dense table: next[s*n+c] is the child of s by class
	// c, or 0 for none (the root is no child).
	next := make([]uint16, n)
	own := [][]uint16{nil}
	for id, p := range phrases {
		s := 0
		for i := 0; i < len(p); i++ {
			c := int(m.class[p[i]])
			nx := int(next[s*n+c])
			if nx == 0 {
				nx = len(own)
				if nx >= 1<<16 {
					panic("harm: matcher too large for 16-bit states")
				}
				own = append(own, nil)
				next = append(next, make([]uint16, n)...)
				next[s*n+c] = uint16(nx)
			}
			s = nx
		}
		own[s] = append(own[s], uint16(id))
	}
	if len(phrases) > 1<<16 {
		panic("harm: matcher too large for 16-bit phrase ids")
	}
	// Breadth-first failure links, filling in the missing transitions: a
	// state's row holds only its trie children until the state is taken
	// from the queue, and the rows of shallower states are complete.
	m.next = next
	m.out = make([][]uint16, len(own))
	m.out[0] = own[0]
	fail := make([]int, len(own))
	queue := []int{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if s != 0 {
			m.out[s] = append(append([]uint16(nil), own[s]...), m.out[fail[s]]...)
		}
		row := next[s*n : (s+1)*n]
		for c, nx := range row {
			switch {
			case nx != 0:
				if s != 0 {
					fail[nx] = int(next[fail[s]*n+c])
				}
				queue = append(queue, int(nx))
			case s != 0:
				row[c] = next[fail[s]*n+c]
			}
		}
	}
	m.hasOut = make([]bool, len(m.out))
	for st, o := range m.out {
		m.hasOut[st] = len(o) > 0
	}
	// The scan loops read step: a transition's target row offset
	// (state*nclass), with the bit outFlag set when the target state ends
	// a phrase: no multiplication and one load per byte. Its length is a
	// power of two (the padding is never reached), so that the loops mask
	// an index (see stepMask) instead of checking it; the mask also drops
	// outFlag from the row offset plus a class.
	size := 1
	for size < len(m.next) {
		size <<= 1
	}
	if size > outFlag/2 {
		panic("harm: matcher too large for its step table")
	}
	m.step = make([]uint32, size)
	for i, nx := range m.next {
		v := uint32(nx) * uint32(n)
		if m.hasOut[nx] {
			v |= outFlag
		}
		m.step[i] = v
	}
}

// outFlag marks the step values of states that end a phrase.
const outFlag = 1 << 31

// curly returns p with its straight apostrophes curled, or "" when p has none.
func curly(p string) string {
	out := make([]byte, 0, len(p)+4)
	found := false
	for i := 0; i < len(p); i++ {
		if p[i] == '\'' {
			out = append(out, "’"...)
			found = true
			continue
		}
		out = append(out, p[i])
	}
	if !found {
		return ""
	}
	return string(out)
}

// isWordByte reports whether b is an ASCII letter or digit.
func isWordByte(b byte) bool { return wordBytes[b] }

// wordBytes marks the ASCII letters and digits.
var wordBytes = func() (t [256]bool) {
	for b := range 256 {
		t[b] = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
	}
	return t
}()

// scan calls fn with every match in text, in order of end position, until
// fn returns false.
func (m *matcher) scan(text string, fn func(match) bool) {
	step, class := m.step, &m.class
	if len(step) == 0 {
		return
	}
	mask := stepMask(step)
	var v uint32
	for i := 0; i < len(text); i++ {
		v = step[uint(v+uint32(class[text[i]]))&mask]
		if v&outFlag == 0 {
			continue
		}
		for _, id := range m.out[m.state(v)] {
			if x, ok := m.at(text, i, id); ok && !fn(x) {
				return
			}
		}
	}
}

// stepMask is the index mask of step, whose length is a power of two: the
// scan loops index step[x&mask] for a row offset plus a class x, which is
// in bounds without a check (and equal to x, which always is).
func stepMask(step []uint32) uint {
	return uint(len(step) - 1)
}

// state returns the state a step value leads to.
func (m *matcher) state(v uint32) int { return int(v&^outFlag) / m.nclass }

// at checks the boundaries of phrase id ending at text[i] and returns the match.
func (m *matcher) at(text string, i int, id uint16) (match, bool) {
	start := i + 1 - m.lens[id]
	if m.wordStart[id] && start > 0 && isWordByte(text[start-1]) {
		return match{}, false
	}
	if m.wholeWord && i+1 < len(text) && isWordByte(text[i]) && isWordByte(text[i+1]) {
		return match{}, false
	}
	return match{phrase: int(id), group: int(m.groups[id]), start: start}, true
}

// startsOf appends to dst the matches in text of the phrases that must
// start a word and start at text[0] (text cut inside a word: a scan of the
// text around it keeps none of them), in the order scan reports them; those
// that end at the end of text only when toEnd.
func (m *matcher) startsOf(text string, toEnd bool, dst []match) []match {
	step, class := m.step, &m.class
	if len(step) == 0 {
		return dst
	}
	n := min(len(text), m.maxLen)
	if !toEnd && n == len(text) {
		n--
	}
	mask := stepMask(step)
	var v uint32
	for i := 0; i < n; i++ {
		v = step[uint(v+uint32(class[text[i]]))&mask]
		if v&outFlag == 0 {
			continue
		}
		for _, id := range m.out[m.state(v)] {
			if m.lens[id] == i+1 && m.wordStart[id] {
				if x, ok := m.at(text, i, id); ok {
					dst = append(dst, x)
				}
			}
		}
	}
	return dst
}

// endsOf appends to dst the matches in text that end at its end, in the
// order scan reports them: the automaton's state there depends on the last
// maxLen bytes only.
func (m *matcher) endsOf(text string, dst []match) []match {
	step, class := m.step, &m.class
	if len(step) == 0 || len(text) == 0 {
		return dst
	}
	mask := stepMask(step)
	var v uint32
	for i := max(0, len(text)-m.maxLen); i < len(text); i++ {
		v = step[uint(v+uint32(class[text[i]]))&mask]
	}
	if v&outFlag == 0 {
		return dst
	}
	for _, id := range m.out[m.state(v)] {
		if x, ok := m.at(text, len(text)-1, id); ok {
			dst = append(dst, x)
		}
	}
	return dst
}

// maxGroups bounds the groups of a matcher that firsts reports.
const maxGroups = 8

// firsts returns, per group, the earliest-starting match in text (start -1
// when the group has none).
func (m *matcher) firsts(text string) [maxGroups]match {
	var out [maxGroups]match
	for g := range out {
		out[g].start = -1
	}
	step, class := m.step, &m.class
	if len(step) == 0 {
		return out
	}
	mask := stepMask(step)
	var v uint32
	for i := 0; i < len(text); i++ {
		v = step[uint(v+uint32(class[text[i]]))&mask]
		if v&outFlag == 0 {
			continue
		}
		for _, id := range m.out[m.state(v)] {
			x, ok := m.at(text, i, id)
			if ok && x.group < maxGroups && (out[x.group].start < 0 || x.start < out[x.group].start) {
				out[x.group] = x
			}
		}
	}
	return out
}

// groupsIn returns the set of groups with a match in text, as a bit mask.
func (m *matcher) groupsIn(text string) uint64 {
	var mask uint64
	step, class := m.step, &m.class
	if len(step) == 0 {
		return mask
	}
	smask := stepMask(step)
	var v uint32
	for i := 0; i < len(text); i++ {
		v = step[uint(v+uint32(class[text[i]]))&smask]
		if v&outFlag == 0 {
			continue
		}
		for _, id := range m.out[m.state(v)] {
			if x, ok := m.at(text, i, id); ok {
				mask |= 1 << x.group
			}
		}
	}
	return mask
}
