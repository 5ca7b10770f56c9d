// Package arith checks the arithmetic an answer writes out: "17 * 24 = 418"
// is wrong whatever the context, so it is one falsehood the built-in tier
// can find without world knowledge.
//
// Only equations that read unambiguously as arithmetic are judged: numbers
// joined by + - * / ^ (and ×, ÷, ·, "x" between spaces, LaTeX \times, \cdot
// and \div) on both sides of an "=", with at least one operator. Anything
// touching a letter, a variable, a unit or another symbol is left alone
// ("2x + 3 = 7", "5 kg * 3 = 15 kg", "5! = 120"), and so are code blocks,
// where "7 / 2 = 3" may be integer division. A result rounded or truncated
// to the decimals it is written with is right ("22 / 7 = 3.14"), and a
// result written as a percentage is read as one ("3/4 = 75%").
package arith

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Error is a wrong equation: the text of it and the value its left side
// has.
type Error struct {
	Equation string
	Want     float64
}

// maxEquations bounds the equals signs examined per text.
const maxEquations = 64

// Check returns the first wrong equation of text.
func Check(text string) (Error, bool) {
	if strings.IndexByte(text, '=') < 0 {
		return Error{}, false
	}
	seen := 0
	for part := range prose(text) {
		if strings.IndexByte(part, '=') < 0 {
			continue
		}
		if strings.Contains(part, `\`) {
			part = latexOps.Replace(part)
		}
		for i := 0; i < len(part) && seen < maxEquations; i++ {
			if part[i] != '=' || !plainEquals(part, i) {
				continue
			}
			seen++
			if e, ok := checkAt(part, i); ok {
				return e, true
			}
		}
	}
	return Error{}, false
}

// latexOps maps LaTeX operators to plain ones.
var latexOps = strings.NewReplacer(`\times`, "*", `\cdot`, "*", `\div`, "/")

// plainEquals reports whether the '=' at i is an equals sign and not part
// of "==", "<=", ">=", "!=", "=>" or ":=".
func plainEquals(s string, i int) bool {
	if i > 0 {
		switch s[i-1] {
		case '=', '<', '>', '!', ':', '+', '-', '*', '/':
			return false
		}
	}
	if i+1 < len(s) {
		switch s[i+1] {
		case '=', '>':
			return false
		}
	}
	return true
}

// prose yields the parts of text outside fenced code blocks and inline
// code.
func prose(text string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for {
			i := strings.Index(text, "```")
			if i < 0 {
				break
			}
			if !yieldInline(text[:i], yield) {
				return
			}
			j := strings.Index(text[i+3:], "```")
			if j < 0 {
				return
			}
			text = text[i+3+j+3:]
		}
		yieldInline(text, yield)
	}
}

// yieldInline yields the parts of s between inline code spans.
func yieldInline(s string, yield func(string) bool) bool {
	for k, p := range strings.Split(s, "`") {
		if k%2 == 0 && !yield(p) {
			return false
		}
	}
	return true
}

// checkAt judges the equation around the '=' at i of s: the expression that
// ends before it against the one that starts after it.
func checkAt(s string, i int) (Error, bool) {
	lo := leftStart(s, i)
	if lo < 0 {
		return Error{}, false
	}
	hi, pct := rightEnd(s, i+1)
	if hi < 0 {
		return Error{}, false
	}
	left, right := s[lo:i], s[i+1:hi]
	if !hasOperator(left) && !hasOperator(right) {
		return Error{}, false
	}
	if ambiguous(s[lo:hi]) {
		return Error{}, false
	}
	lv, ok := eval(left)
	if !ok {
		return Error{}, false
	}
	rv, ok := eval(right)
	if !ok {
		return Error{}, false
	}
	if hasOperator(right) {
		// Two expressions: equal, with no rounding to allow for.
		if math.Abs(lv-rv) <= 1e-9*max(1, math.Abs(lv)) {
			return Error{}, false
		}
	} else if agrees(lv, rv, decimals(right)) || pct && agrees(lv, rv/100, decimals(right)+2) {
		return Error{}, false
	}
	return Error{Equation: strings.TrimSpace(s[lo:hi]), Want: lv}, true
}

// exprByte reports whether c can occur in an expression.
func exprByte(c byte) bool {
	switch {
	case c >= '0' && c <= '9':
		return true
	}
	switch c {
	case ' ', '.', ',', '+', '-', '*', '/', '^', '(', ')', '$', 0xC3, 0x97, 0xB7, 0xC2:
		// 0xC3 0x97 is ×, 0xC3 0xB7 is ÷ and 0xC2 0xB7 is · in UTF-8.
		return true
	}
	return false
}

// leftStart returns where the expression ending at the '=' at i starts, or
// -1 when what precedes it is not plain arithmetic.
func leftStart(s string, i int) int {
	j := i
	for j > 0 {
		c := s[j-1]
		if (c == ',' || c == '.') && j < len(s) && s[j] == ' ' {
			break // the end of a clause or sentence: "In 2023, 5 + 5 = 10"
		}
		if exprByte(c) || c == 'x' && j >= 2 && s[j-2] == ' ' && s[j] == ' ' {
			j--
			continue
		}
		break
	}
	for j < i && (s[j] == ' ' || s[j] == '*' && j+1 < i && (s[j+1] == '*' || isDigit(s[j+1]))) {
		j++ // spaces, and Markdown emphasis: "**17 * 24 = 408**"
	}
	// The expression must start with a number, a bracket or a $; one that
	// starts with an operator continues a word ("2x + 3 = 7"), and one
	// glued to a letter or symbol is part of it ("x2 + 3 =", "5! =").
	if j == i || !(isDigit(s[j]) || s[j] == '(' || s[j] == '$') {
		return -1
	}
	if j > 0 && !boundary(s[j-1]) {
		return -1
	}
	// After spaces, a word may precede the expression ("so 5 + 5 = 10"),
	// but not a symbol: "9 − 4 + 8 × 5 =" with a Unicode minus goes on
	// before "4".
	k := j
	for k > 0 && s[k-1] == ' ' {
		k--
	}
	if k < j && k > 0 && !wordOrPunct(s[k-1]) {
		return -1
	}
	return j
}

// wordOrPunct reports whether c ends a word or a clause: an ASCII letter or
// digit, or prose punctuation.
func wordOrPunct(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '=' || boundary(c)
}

// rightEnd returns where the expression starting after the '=' at i ends
// (-1 when it is not plain arithmetic) and whether a percent sign follows
// it.
func rightEnd(s string, i int) (int, bool) {
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j == len(s) || !(isDigit(s[j]) || s[j] == '(' || s[j] == '$' || s[j] == '-') {
		return -1, false
	}
	for j < len(s) {
		c := s[j]
		if (c == ',' || c == '.') && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\n') {
			break
		}
		if c == '$' && (j+1 == len(s) || !isDigit(s[j+1])) {
			break // the closing $ of LaTeX math
		}
		if exprByte(c) || c == 'x' && s[j-1] == ' ' && j+1 < len(s) && s[j+1] == ' ' {
			j++
			continue
		}
		break
	}
	end := j
	for end > i && (s[end-1] == ' ' || s[end-1] == '*' && (end == len(s) || boundary(s[end]) || s[end] == '*') && end-1 > i && (s[end-2] == '*' || isDigit(s[end-2]))) {
		end-- // spaces, and the closing Markdown emphasis
	}
	if end < len(s) {
		switch c := s[end]; {
		case c == '%':
			return end, true
		case !boundary(c) && c != '$':
			// Glued to a letter or symbol after it ("= 15kg", "= 3e8").
			return -1, false
		}
	}
	after := strings.TrimLeft(s[end:min(len(s), end+48)], " ")
	switch {
	case strings.HasPrefix(after, "(mod"), strings.HasPrefix(after, "mod"):
		return -1, false
	case strings.HasPrefix(after, "?"), strings.Contains(after, "not true"), strings.Contains(after, "(not"),
		strings.Contains(after, "is not"), strings.Contains(after, "false"), strings.Contains(after, "≠"):
		// An equation put to the test, not stated: "is 25 + 25 = 49?",
		// "25 + 25 = 49, 50 = 49 (not true)".
		return -1, false
	case after != "" && !wordOrPunct(after[0]) && after[0] != '$':
		// A symbol goes on with the expression ("= 5 − 3").
		return -1, false
	}
	return end, false
}

// boundary reports whether c can sit next to an expression without making
// it part of something else: space, punctuation of prose, brackets.
func boundary(c byte) bool {
	switch c {
	case ' ', '\n', '\t', '\r', ',', ';', ':', '.', '?', '!', '"', '\'', '(', ')', '[', ']', '*', '|':
		return true
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hasOperator reports whether an expression holds an operator between
// numbers (a leading minus is a sign).
func hasOperator(e string) bool {
	e = strings.TrimSpace(e)
	for k := 1; k < len(e); k++ {
		switch e[k] {
		case '+', '-', '*', '/', '^', 'x', 0x97, 0xB7:
			return true
		}
	}
	return false
}

// ambiguous reports whether an equation written with spaces has a hyphen
// glued to digits on both sides ("ages 10-15 = 30": a range, a date or a
// code, not a subtraction), or a slash glued to a number of four digits or
// more ("the 2023/24 season = 38 games").
func ambiguous(eq string) bool {
	if !strings.Contains(eq, " ") {
		return false
	}
	for k := 1; k+1 < len(eq); k++ {
		if !isDigit(eq[k-1]) || !isDigit(eq[k+1]) {
			continue
		}
		switch eq[k] {
		case '-':
			return true
		case '/':
			if digitsBefore(eq, k) >= 4 || digitsAfter(eq, k) >= 4 {
				return true
			}
		}
	}
	return false
}

func digitsBefore(s string, k int) int {
	n := 0
	for k > 0 && isDigit(s[k-1]) {
		k--
		n++
	}
	return n
}

func digitsAfter(s string, k int) int {
	n := 0
	for k+1 < len(s) && isDigit(s[k+1]) {
		k++
		n++
	}
	return n
}

// decimals returns the number of decimals the last number of e is written
// with.
func decimals(e string) int {
	e = strings.TrimRight(e, " )")
	dot := strings.LastIndexByte(e, '.')
	if dot < 0 {
		return 0
	}
	n := 0
	for _, c := range []byte(e[dot+1:]) {
		if !isDigit(c) {
			return 0
		}
		n++
	}
	return n
}

// agrees reports whether got, written with d decimals, is want rounded or
// truncated to d decimals.
func agrees(want, got float64, d int) bool {
	if math.Abs(want) > 1e15 || math.IsNaN(want) || math.IsInf(want, 0) || d > 12 {
		return true // beyond exact float arithmetic: do not judge
	}
	scale := math.Pow(10, float64(d))
	eps := 1e-9 * max(1, math.Abs(want))
	return math.Abs(math.Round(want*scale)/scale-got) <= eps || math.Abs(math.Trunc(want*scale)/scale-got) <= eps
}

// eval evaluates an arithmetic expression: numbers (with thousands commas
// and a leading $), + - * / ^ ** × ÷ · and x, brackets, usual precedence.
func eval(e string) (float64, bool) {
	p := parser{s: e}
	v, ok := p.sum()
	p.space()
	if !ok || p.i != len(p.s) {
		return 0, false
	}
	return v, true
}

type parser struct {
	s string
	i int
}

func (p *parser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

// op returns the operator at the parser's position and its length.
func (p *parser) op() (byte, int) {
	p.space()
	if p.i >= len(p.s) {
		return 0, 0
	}
	switch c := p.s[p.i]; c {
	case '+', '-', '/', '^':
		return c, 1
	case '*':
		if p.i+1 < len(p.s) && p.s[p.i+1] == '*' {
			return '^', 2
		}
		return '*', 1
	case 'x':
		return '*', 1
	case 0xC3:
		if p.i+1 < len(p.s) {
			switch p.s[p.i+1] {
			case 0x97:
				return '*', 2
			case 0xB7:
				return '/', 2
			}
		}
	case 0xC2:
		if p.i+1 < len(p.s) && p.s[p.i+1] == 0xB7 {
			return '*', 2
		}
	}
	return 0, 0
}

func (p *parser) sum() (float64, bool) {
	v, ok := p.product()
	for ok {
		c, n := p.op()
		if c != '+' && c != '-' {
			break
		}
		p.i += n
		w, ok2 := p.product()
		if !ok2 {
			return 0, false
		}
		if c == '+' {
			v += w
		} else {
			v -= w
		}
	}
	return v, ok
}

func (p *parser) product() (float64, bool) {
	v, ok := p.power()
	for ok {
		c, n := p.op()
		if c != '*' && c != '/' {
			break
		}
		p.i += n
		w, ok2 := p.power()
		if !ok2 || c == '/' && w == 0 {
			return 0, false
		}
		if c == '*' {
			v *= w
		} else {
			v /= w
		}
	}
	return v, ok
}

func (p *parser) power() (float64, bool) {
	v, ok := p.unary()
	if !ok {
		return 0, false
	}
	if c, n := p.op(); c == '^' {
		p.i += n
		w, ok := p.power()
		if !ok || math.Abs(w) > 64 {
			return 0, false
		}
		return math.Pow(v, w), true
	}
	return v, true
}

func (p *parser) unary() (float64, bool) {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '-' {
		p.i++
		v, ok := p.unary()
		return -v, ok
	}
	if p.i < len(p.s) && p.s[p.i] == '(' {
		p.i++
		v, ok := p.sum()
		p.space()
		if !ok || p.i >= len(p.s) || p.s[p.i] != ')' {
			return 0, false
		}
		p.i++
		return v, true
	}
	return p.number()
}

// number reads a number: digits with an optional decimal part, thousands
// commas in groups of three, and an optional leading $.
func (p *parser) number() (float64, bool) {
	if p.i < len(p.s) && p.s[p.i] == '$' {
		p.i++
	}
	start := p.i
	var b []byte
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case isDigit(c):
			b = append(b, c)
		case c == ',' && p.i > start && groupOfThree(p.s, p.i+1):
			// A thousands separator: exactly three digits follow.
		case c == '.' && p.i+1 < len(p.s) && isDigit(p.s[p.i+1]) && !slices.Contains(b, '.'):
			b = append(b, c)
		default:
			goto done
		}
		p.i++
	}
done:
	if len(b) == 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(b), 64)
	return v, err == nil
}

// groupOfThree reports whether s has exactly three digits from i.
func groupOfThree(s string, i int) bool {
	if i+3 > len(s) {
		return false
	}
	for k := i; k < i+3; k++ {
		if !isDigit(s[k]) {
			return false
		}
	}
	return i+3 == len(s) || !isDigit(s[i+3])
}
