package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// pyLiteralToJSON converts a Python literal as printed by repr() — dicts,
// lists, tuples, strings in single or double (or triple) quotes with Python
// escapes, numbers, None, True and False — into JSON. JSON literals
// (null/true/false) are accepted too, so JSON input passes through. Tuples
// become arrays; dict keys that are not strings are written as their JSON
// text. Anything else (sets, calls such as datetime(...), inf) is an error
// that says at which byte it occurred.
func pyLiteralToJSON(s string) ([]byte, error) {
	v, err := parsePyLiteral(s)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// parsePyLiteral parses a Python literal into JSON-shaped Go values:
// map[string]any, []any, string, json.Number, bool and nil.
func parsePyLiteral(s string) (any, error) {
	p := pyParser{s: s}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, p.errorf("unexpected %q after the literal", p.s[p.i])
	}
	return v, nil
}

type pyParser struct {
	s     string
	i     int
	depth int
}

const pyMaxDepth = 1000

func (p *pyParser) errorf(format string, args ...any) error {
	return fmt.Errorf("python literal at byte %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *pyParser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *pyParser) value() (any, error) {
	p.space()
	if p.i >= len(p.s) {
		return nil, p.errorf("unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.dict()
	case c == '[':
		return p.sequence('[', ']')
	case c == '(':
		return p.sequence('(', ')')
	case c == '\'' || c == '"':
		return p.str(false)
	case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
		return p.number()
	case isIdentStart(c):
		return p.word()
	}
	return nil, p.errorf("unexpected %q", p.s[p.i])
}

func (p *pyParser) enter() error {
	p.depth++
	if p.depth > pyMaxDepth {
		return p.errorf("nested too deeply")
	}
	return nil
}

func (p *pyParser) dict() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.i++ // '{'
	out := map[string]any{}
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return out, nil
		}
		k, err := p.value()
		if err != nil {
			return nil, err
		}
		key, err := dictKey(k)
		if err != nil {
			return nil, p.errorf("%v", err)
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.errorf("expected ':' after a dict key (sets are not supported)")
		}
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out[key] = v
		if done, err := p.separator('}'); err != nil || done {
			return out, err
		}
	}
}

func (p *pyParser) sequence(open, close byte) (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.i++ // open
	out := []any{}
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == close {
			p.i++
			return out, nil
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		if done, err := p.separator(close); err != nil || done {
			return out, err
		}
	}
}

// separator consumes ',' (then reports false) or the closing bracket (then
// reports true).
func (p *pyParser) separator(close byte) (bool, error) {
	p.space()
	if p.i >= len(p.s) {
		return false, p.errorf("unexpected end of input, expected ',' or %q", close)
	}
	switch p.s[p.i] {
	case ',':
		p.i++
		return false, nil
	case close:
		p.i++
		return true, nil
	}
	return false, p.errorf("unexpected %q, expected ',' or %q", p.s[p.i], close)
}

func dictKey(k any) (string, error) {
	switch k := k.(type) {
	case string:
		return k, nil
	case json.Number:
		return k.String(), nil
	case bool:
		return strconv.FormatBool(k), nil
	case nil:
		return "null", nil
	}
	return "", fmt.Errorf("unsupported dict key of type %T", k)
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func (p *pyParser) word() (any, error) {
	start := p.i
	for p.i < len(p.s) && (isIdentStart(p.s[p.i]) || (p.s[p.i] >= '0' && p.s[p.i] <= '9')) {
		p.i++
	}
	w := p.s[start:p.i]
	if p.i < len(p.s) && (p.s[p.i] == '\'' || p.s[p.i] == '"') && isStringPrefix(w) {
		p.i = start
		return p.str(true)
	}
	switch w {
	case "None", "null":
		return nil, nil
	case "True", "true":
		return true, nil
	case "False", "false":
		return false, nil
	}
	p.i = start
	return nil, p.errorf("unsupported name %q", w)
}

func isStringPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "r", "u", "b", "br", "rb":
		return true
	}
	return false
}

func (p *pyParser) number() (any, error) {
	start := p.i
	if p.s[p.i] == '+' || p.s[p.i] == '-' {
		p.i++
	}
	isFloat := false
	for ; p.i < len(p.s); p.i++ {
		c := p.s[p.i]
		if c == '.' || c == 'e' || c == 'E' {
			isFloat = true
		} else if !(c >= '0' && c <= '9') && !((c == '+' || c == '-') && (p.s[p.i-1] == 'e' || p.s[p.i-1] == 'E')) {
			break
		}
	}
	text := p.s[start:p.i]
	if !isFloat {
		// Python ints are unbounded: keep the digits as they are.
		digits := strings.TrimLeft(text, "+-")
		if digits != "" && len(text)-len(digits) <= 1 && strings.Trim(digits, "0123456789") == "" {
			if t := strings.TrimLeft(digits, "0"); t != "" {
				digits = t
			} else {
				digits = "0"
			}
			if text[0] == '-' {
				digits = "-" + digits
			}
			return json.Number(digits), nil
		}
	} else if f, err := strconv.ParseFloat(text, 64); err == nil {
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	}
	p.i = start
	return nil, p.errorf("invalid number %q", text)
}

// str parses a string literal, with a prefix (r, u, b) when prefixed is true.
func (p *pyParser) str(prefixed bool) (any, error) {
	raw := false
	if prefixed {
		for p.s[p.i] != '\'' && p.s[p.i] != '"' {
			if p.s[p.i] == 'r' || p.s[p.i] == 'R' {
				raw = true
			}
			p.i++
		}
	}
	q := p.s[p.i]
	delim := string(q)
	if strings.HasPrefix(p.s[p.i:], strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	start := p.i
	p.i += len(delim)
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			p.i = start
			return nil, p.errorf("unterminated string")
		}
		if strings.HasPrefix(p.s[p.i:], delim) {
			p.i += len(delim)
			return b.String(), nil
		}
		c := p.s[p.i]
		if c == '\n' && len(delim) == 1 {
			return nil, p.errorf("newline in a single-quoted string")
		}
		if c != '\\' {
			b.WriteByte(c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			p.i = start
			return nil, p.errorf("unterminated string")
		}
		if raw {
			// In raw strings a backslash escapes nothing but is kept, and
			// it still keeps a quote from ending the string.
			b.WriteString(p.s[p.i : p.i+2])
			p.i += 2
			continue
		}
		if err := p.escape(&b); err != nil {
			return nil, err
		}
	}
}

// escape decodes the escape sequence at p.i (a backslash) into b.
func (p *pyParser) escape(b *strings.Builder) error {
	e := p.s[p.i+1]
	p.i += 2
	switch e {
	case '\n':
		// line continuation
	case '\\', '\'', '"':
		b.WriteByte(e)
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'a':
		b.WriteByte('\a')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'v':
		b.WriteByte('\v')
	case 'x', 'u', 'U':
		n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
		if p.i+n > len(p.s) {
			return p.errorf("truncated \\%c escape", e)
		}
		v, err := strconv.ParseUint(p.s[p.i:p.i+n], 16, 32)
		if err != nil || v > utf8.MaxRune {
			return p.errorf("invalid \\%c escape %q", e, p.s[p.i:p.i+n])
		}
		b.WriteRune(rune(v))
		p.i += n
	case '0', '1', '2', '3', '4', '5', '6', '7':
		v := int(e - '0')
		for k := 0; k < 2 && p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '7'; k++ {
			v = v*8 + int(p.s[p.i]-'0')
			p.i++
		}
		b.WriteRune(rune(v))
	default:
		// Python keeps unknown escapes as they are.
		b.WriteByte('\\')
		b.WriteByte(e)
	}
	return nil
}
