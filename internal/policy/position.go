package policy

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
)

// lineIndex maps rune offsets of the policy source to lines and columns.
// goccy/go-yaml counts columns in characters, and so does CEL.
type lineIndex struct {
	runes []rune
	start []int // rune offset of the first character of each line
}

// index returns the loader's line index, building it on first use (only
// when a CEL error has to be located).
func (l *loader) index() *lineIndex {
	if l.lines == nil {
		ix := &lineIndex{runes: []rune(l.src), start: []int{0}}
		for i, r := range ix.runes {
			if r == '\n' {
				ix.start = append(ix.start, i+1)
			}
		}
		l.lines = ix
	}
	return l.lines
}

// offset returns the rune offset of p, or -1 when p is outside the source.
func (ix *lineIndex) offset(p pos) int {
	if p.line < 1 || p.line > len(ix.start) || p.col < 1 {
		return -1
	}
	off := ix.start[p.line-1] + p.col - 1
	if off > len(ix.runes) {
		return -1
	}
	return off
}

// pos returns the position of a rune offset.
func (ix *lineIndex) pos(off int) pos {
	line := sort.Search(len(ix.start), func(i int) bool { return ix.start[i] > off })
	return pos{line, off - ix.start[line-1] + 1}
}

// exprPos maps a CEL error location (1-based line, 0-based column, both in
// characters of the expression) to a position in the policy file. The
// expression is the decoded value of the when node; the mapping walks the
// expression and the raw YAML text side by side, so it holds for plain,
// quoted, literal (|) and folded (>) scalars, across lines. When the walk
// cannot follow the raw text (escape sequences it does not model), the
// position of the when value itself is returned.
func (l *loader) exprPos(n ast.Node, expr string, celLine, celCol int) pos {
	fallback := nodePos(n)
	target, ok := exprOffset(expr, celLine, celCol)
	if !ok {
		return fallback
	}
	ix := l.index()
	j, quote := l.scalarStart(ix, n)
	if j < 0 {
		return fallback
	}
	e := []rune(expr)
	src := ix.runes
	for i := 0; i <= target && i <= len(e); {
		if i == len(e) {
			if i == target && j <= len(src) {
				return ix.pos(min(j, max(len(src)-1, 0)))
			}
			return fallback
		}
		if j >= len(src) {
			return fallback
		}
		r, s := e[i], src[j]
		switch {
		case r == s && !(quote == '\'' && s == '\''):
			if i == target {
				return ix.pos(j)
			}
			i, j = i+1, j+1
		case quote == '\'' && r == '\'' && s == '\'' && j+1 < len(src) && src[j+1] == '\'':
			if i == target {
				return ix.pos(j)
			}
			i, j = i+1, j+2
		case isSpace(r) && isSpace(s):
			if i == target {
				return ix.pos(j)
			}
			i, j = i+1, j+1
		case isSpace(s):
			// Indentation or a folded line break in the raw text.
			j++
		case quote == '"' && s == '\\' && j+1 < len(src):
			if i == target {
				return ix.pos(j)
			}
			j += 2 + escapeExtra(src[j+1])
			i++
		default:
			return fallback
		}
	}
	return fallback
}

// scalarStart returns the rune offset where the scalar's text begins and
// its quote character (0 for plain and block scalars), or -1.
func (l *loader) scalarStart(ix *lineIndex, n ast.Node) (int, rune) {
	switch v := n.(type) {
	case *ast.LiteralNode:
		// The text starts on the line after the | or > indicator.
		p := nodePos(v)
		if p.line >= len(ix.start) {
			return -1, 0
		}
		return ix.start[p.line], 0
	case nil:
		return -1, 0
	}
	j := ix.offset(nodePos(n))
	if j < 0 || j >= len(ix.runes) {
		return -1, 0
	}
	if q := ix.runes[j]; q == '"' || q == '\'' {
		return j + 1, q
	}
	return j, 0
}

// exprOffset converts a CEL location to a rune offset in expr.
func exprOffset(expr string, line, col int) (int, bool) {
	if line < 1 || col < 0 {
		return 0, false
	}
	off := 0
	for range line - 1 {
		k := strings.IndexByte(expr, '\n')
		if k < 0 {
			return 0, false
		}
		off += utf8.RuneCountInString(expr[:k+1])
		expr = expr[k+1:]
	}
	if col > utf8.RuneCountInString(expr) {
		return 0, false
	}
	return off + col, true
}

// escapeExtra is how many characters a double-quoted escape takes after
// the backslash and its letter.
func escapeExtra(r rune) int {
	switch r {
	case 'x':
		return 2
	case 'u':
		return 4
	case 'U':
		return 8
	}
	return 0
}

// isSpace reports YAML white space and line breaks.
func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }
