package grounding

import (
	"bytes"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Reference weights: how strongly an item absent from the context suggests
// a fabricated reference.
const (
	wURL          = 1.0
	wURLKnownHost = 0.4
	wCitation     = 0.8
	wQuote        = 0.8
	wNumber       = 0.2
	wYear         = 0.3
	// wContradicted weighs a number the knowledge states another value of
	// (the same unit after a different number).
	wContradicted = 1.5
)

// ContradictionPrefix starts the excerpt of a fabricated_reference value
// whose first item is a number that contradicts the knowledge: the
// knowledge gives another number of the same unit ("4,200 mAh" against the
// reply's "5,000 mAh").
const ContradictionPrefix = "[contradicts the context] "

// MisquotePrefix starts the excerpt of a fabricated_reference value whose
// first item is a quote attributed to a source, given while the context
// holds misquoteKnowledge bytes of knowledge or more, in words the context
// does not hold: it weighs like a contradicted number.
const MisquotePrefix = "[quote not in the context] "

// misquoteKnowledge is the knowledge from which a quote is checked against
// the context.
const misquoteKnowledge = 100

// citationWords introduce a numbered reference ("Section 4.2", "Article 12").
var citationWords = []string{"section", "article", "clause", "chapter", "policy", "rule", "regulation",
	"paragraph", "subsection", "amendment", "statute", "usc", "cfr", "doi", "arxiv", "isbn", "pmid", "volume",
	"vol", "pp", "page", "pages", "case", "docket", "bill", "resolution", "standard", "iso", "rfc", "ticket"}

// attributionCues before a quote attribute it to a source.
var attributionCues = []string{"said", "says", "stated", "states", "wrote", "writes", "according to",
	"quote", "quoted", "remarked", "put it", "declared", "famously", "noted", "reads", "words"}

// FabricatedReference scores, on assistant turns, the references that do not
// occur in the context observed before: URLs, numbered citations ("Section
// 4.2", "doi 10...."), "et al." citations, quotes attributed to a source,
// and specific numbers and years. Code, list markers and arithmetic lines
// are skipped. Value = 1 - exp(-sum of weights); the excerpt names the first
// unsupported item.
type FabricatedReference struct{}

// NewFabricatedReference returns the fabricated_reference signal.
func NewFabricatedReference(*signal.Env) (signal.Signal, error) {
	return FabricatedReference{}, nil
}

// ID implements signal.Signal.
func (FabricatedReference) ID() string { return FabricatedReferenceID }

// Track implements signal.Signal.
// Track implements signal.Signal: a tracker with grounding state of its own.
func (f FabricatedReference) Track(meta *trajectory.Meta) signal.Tracker {
	return f.TrackShared(meta, nil)
}

// TrackShared implements signal.SharingSignal: the five grounding signals of
// one session share one tokenized message and context index.
func (f FabricatedReference) TrackShared(meta *trajectory.Meta, shared *signal.Shared) signal.Tracker {
	return &referenceTracker{st: join(shared, kindReference, nil)}
}

type referenceTracker struct {
	st *shared
	// src holds the numbered sources of the context, to check citations.
	src sources
}

// Reset implements signal.Resetter: the tracker keeps the grounding state's
// buffers (see join).
func (t *referenceTracker) Reset(_ *trajectory.Meta, shared *signal.Shared) {
	*t = referenceTracker{st: join(shared, kindReference, t.st)}
}

func (t *referenceTracker) Observe(i int, m *trajectory.Message) signal.Measurement {
	t.st.at(i, m)
	if m.Role != trajectory.RoleAssistant {
		t.src.add(m.Content)
		return signal.Measurement{}
	}
	if len(m.ToolCalls) > 0 {
		return signal.Measurement{}
	}
	out := measureReferences(m.Content, t.st.toks, t.st.curURLs(), &t.st.ctx)
	if claim := t.src.misattributed(m.Content); claim != "" {
		// A claim cited to a source that does not hold it, while another
		// does: checked against the context, and wrong.
		if v := 1 - math.Exp(-wContradicted); v > out.Value || !strings.HasPrefix(out.Excerpt, "[") {
			out.Value = max(out.Value, v)
			out.Excerpt = MisattributedPrefix + head(claim, 120)
		}
	}
	return out
}

// measureReferences measures the answer s, tokenized into toks, with URLs
// urls, against the context ctx.
func measureReferences(s string, toks []token, urls []urlRef, ctx *index) signal.Measurement {
	var sum float64
	first := ""
	note := func(w float64, item string) {
		sum += w
		if first == "" {
			first = item
		}
	}
	contradicted := ""
	for _, u := range urls {
		switch {
		case ctx.urls.Has(u.full):
		case ctx.hosts.Has(u.host):
			note(wURLKnownHost, s[u.start:u.end])
		default:
			note(wURL, s[u.start:u.end])
		}
	}
	var lc lineCache
	etAl := -1 // strings.Index(s, "et al"), found in this loop (see etAlAfter)
	for i := range toks {
		tk := &toks[i]
		if etAl < 0 && etAlAfter(s, int(tk.end)) {
			etAl = int(tk.end) - 2
		}
		if tk.flags&(fCode|fMeta) != 0 {
			continue
		}
		if tk.flags&cCitation != 0 && i+1 < len(toks) && toks[i+1].flags&fDigit != 0 && !ctx.words.has(toks[i+1].h) {
			note(wCitation, s[tk.start:toks[i+1].end])
			continue
		}
		if tk.flags&fDigit == 0 && contradicted == "" && ctx.months > 0 && tk.flags&cMonth != 0 && !ctx.words.has(tk.h) {
			// A month the knowledge does not name while it dates things in
			// other months: another date than the one given.
			contradicted = s[tk.start:tk.end]
			note(wContradicted, contradicted)
			continue
		}
		if tk.flags&(fCap|fSent|fDigit) == fCap && contradicted == "" && i > 0 && ctx.roles.Has(toks[i-1].h) &&
			toks[i-1].flags&(fCap|fStop|fDigit) == 0 && !ctx.words.has(tk.h) {
			// A name the knowledge does not hold, for a role it names
			// someone else for ("designed by engineer Ralph Freeman" where
			// the knowledge says engineer John Bradfield): another name
			// than the one given.
			contradicted = s[tk.start:tk.end]
			note(wContradicted, contradicted)
			continue
		}
		if tk.flags&fDigit == 0 || ctx.words.has(tk.h) || citedBefore(toks, i) {
			continue
		}
		w := numberWeight(s, *tk, &lc)
		if w == 0 {
			continue
		}
		if w == wYear && contradicted == "" && ctx.years > 0 && !ctx.askedYear {
			// A year the knowledge does not name while it dates things in
			// other years (and the user gave none to compute from):
			// another date than the one given.
			contradicted = s[tk.start:tk.end]
			note(wContradicted, contradicted)
			continue
		}
		// A quantity the knowledge gives another number of (and the user
		// gave none of, to compute from).
		if u, ok := unitAfter(s, toks, i); ok && contradicted == "" && ctx.units.Has(u) && !ctx.asked.Has(u) {
			contradicted = s[tk.start:toks[i+1].end]
			note(wContradicted, contradicted)
			continue
		}
		note(w, s[tk.start:tk.end])
	}
	if i := etAl; i >= 0 {
		note(wCitation, head(s[max(0, i-40):], 60))
	}
	misquoted := ""
	eachAttributedQuote(s, func(q string) {
		if quoteSupported(q, ctx) {
			return
		}
		if ctx.knowledge >= misquoteKnowledge && misquoted == "" {
			// Quoting a source while a document is given, in words the
			// document does not hold: a checked quote, and made up.
			misquoted = head(q, 80)
			note(wContradicted, misquoted)
			return
		}
		note(wQuote, head(q, 80))
	})
	if sum == 0 {
		return signal.Measurement{}
	}
	switch {
	case contradicted != "":
		first = ContradictionPrefix + contradicted
	case misquoted != "":
		first = MisquotePrefix + misquoted
	}
	return signal.Measurement{Value: 1 - math.Exp(-sum), Excerpt: first}
}

// etAlAfter reports whether s has "et al" from e-2 on, e being a token's
// end: measureReferences finds strings.Index(s, "et al") by reading a few
// bytes after each token instead of searching s for its common first
// letter. The tokens cover every ASCII letter of s (only the s of a
// possessive is skipped), two adjacent letters are one token, and a space
// ends every token: "et al" at i is a token that ends at i+2, before " al".
// Tokens come in order, so the first such token gives the first occurrence.
func etAlAfter(s string, e int) bool {
	// s[e-1] first: most tokens end at a space, few end in t.
	return e >= 2 && e+3 <= len(s) && s[e-1] == 't' && s[e] == ' ' && s[e-2] == 'e' && s[e+1] == 'a' && s[e+2] == 'l'
}

// citedBefore reports whether toks[i] was already counted as a citation number.
func citedBefore(toks []token, i int) bool {
	return i > 0 && toks[i-1].flags&cCitation != 0
}

// lineCache remembers the line of the last number weighed, so that the
// numbers of one line cost one scan of it.
type lineCache struct {
	ls, le int
	arith  bool
	valid  bool
}

// numberWeight weighs a number absent from the context: 0 for list markers,
// single digits, and numbers on a line with arithmetic (results of a
// computation are not references).
func numberWeight(s string, tk token, lc *lineCache) float64 {
	txt := s[tk.start:tk.end]
	digits := 0
	for i := 0; i < len(txt); i++ {
		if '0' <= txt[i] && txt[i] <= '9' {
			digits++
		}
	}
	if digits < 2 {
		return 0
	}
	if tk.flags&fLine != 0 && int(tk.end) < len(s) && (s[tk.end] == '.' || s[tk.end] == ')') {
		return 0
	}
	if !lc.valid || int(tk.start) < lc.ls || int(tk.end) > lc.le {
		ls := strings.LastIndexByte(s[:tk.start], '\n') + 1
		le := strings.IndexByte(s[tk.end:], '\n')
		if le < 0 {
			le = len(s)
		} else {
			le += int(tk.end)
		}
		*lc = lineCache{ls: ls, le: le, valid: true, arith: le-ls < 400 && strings.ContainsAny(s[ls:le], "=+×÷*^/")}
	}
	if lc.arith {
		return 0
	}
	if len(txt) == 4 && digits == 4 && (txt[0] == '1' && txt[1] >= '5' || txt[0] == '2' && txt[1] == '0') {
		return wYear
	}
	return wNumber
}

// eachAttributedQuote calls fn with every quoted passage of four words or
// more that is attributed to a source by a cue shortly before it.
func eachAttributedQuote(s string, fn func(q string)) {
	// The first '"' or '“' from i on, by two byte searches: strings.IndexAny
	// decodes and looks up every rune when a character it looks for is not
	// ASCII. No byte of '“' starts or continues another rune, so the first
	// match is the same. curly is the first '“' at or after i (-1: none).
	curly := strings.Index(s, "“")
	for i := 0; i < len(s); {
		if curly >= 0 && curly < i {
			curly = indexFrom(s, i, "“")
		}
		open := indexFrom(s, i, `"`)
		if curly >= 0 && (open < 0 || curly < open) {
			open = curly
		}
		if open < 0 {
			return
		}
		openLen, closeQ := 0, ""
		if s[open] == '"' {
			openLen, closeQ = 1, `"`
		} else {
			openLen, closeQ = len("“"), "”"
		}
		end := strings.Index(s[open+openLen:], closeQ)
		if end < 0 {
			return
		}
		q := s[open+openLen : open+openLen+end]
		i = open + openLen + end + len(closeQ)
		if strings.Count(q, " ") < 3 || len(q) > 600 {
			continue
		}
		if attributed(s[max(0, open-60):open]) {
			fn(q)
		}
	}
}

// indexFrom returns the index of the first sub of s from i on, or -1.
func indexFrom(s string, i int, sub string) int {
	if k := strings.Index(s[i:], sub); k >= 0 {
		return i + k
	}
	return -1
}

// attributed reports whether the text before a quote has an attribution
// cue: strings.Contains(strings.ToLower(before), cue) for one of
// attributionCues, lower-casing ASCII text on the stack.
func attributed(before string) bool {
	var buf [60]byte
	lower := buf[:0]
	for i := 0; i < len(before); i++ {
		c := before[i]
		if c >= utf8.RuneSelf || len(lower) == len(buf) {
			lower = []byte(strings.ToLower(before))
			break
		}
		lower = append(lower, lowerByte[c])
	}
	for _, c := range attributionCueBytes {
		if bytes.Contains(lower, c) {
			return true
		}
	}
	return false
}

// attributionCueBytes are attributionCues as bytes.
var attributionCueBytes = func() (b [][]byte) {
	for _, c := range attributionCues {
		b = append(b, []byte(c))
	}
	return b
}()

// quoteSupported reports whether most adjacent word pairs of q occur in the context.
func quoteSupported(q string, ctx *index) bool {
	var buf [64]token
	toks := tokenize(q, buf[:0])
	var n, hit int
	for i := 1; i < len(toks); i++ {
		n++
		if ctx.pairs.has(pairHash(toks[i-1].h, toks[i].h)) {
			hit++
		}
	}
	return n > 0 && float64(hit) >= 0.6*float64(n)
}
