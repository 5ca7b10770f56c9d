package inject

import (
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Markers is the role_marker signal: chat-template tokens (<|im_start|>,
// [INST], <<SYS>>, <start_of_turn>, any <|name|> token) and role labels at a
// line start ("### System:", "Human:", "Assistant:") inside user or tool
// content, where they can only serve to fake a turn boundary.
type Markers struct{}

// NewMarkers builds the signal.
func NewMarkers(*signal.Env) (signal.Signal, error) { return Markers{}, nil }

// ID implements signal.Signal.
func (Markers) ID() string { return RoleMarker }

// Track implements signal.Signal; the signal keeps no state across turns.
func (Markers) Track(*trajectory.Meta) signal.Tracker { return Markers{} }

// Observe implements signal.Tracker.
func (Markers) Observe(_ int, m *trajectory.Message) signal.Measurement {
	if m.Role != trajectory.RoleUser && m.Role != trajectory.RoleTool {
		return signal.Measurement{}
	}
	v, at := templateToken(m.Content)
	if v < 1 {
		if tv, tat := roleTag(m.Content); tv > v {
			v, at = tv, tat
		}
		if lv, lat, _ := roleLabels(m.Content); lv > v {
			v, at = lv, lat
		}
	}
	if v == 0 {
		return signal.Measurement{}
	}
	return signal.Measurement{Value: v, Excerpt: Excerpt(around(m.Content, at))}
}

// bracketTokens are template tokens that do not have the <|name|> shape.
var bracketTokens = []string{"[INST]", "[/INST]", "<<SYS>>", "<</SYS>>", "<start_of_turn>", "<end_of_turn>",
	"</s><s>", "[SYSTEM]", "[/SYSTEM]"}

// templateToken finds a chat-template token: 1 and its offset, or 0.
func templateToken(s string) (float64, int) {
	for i := 0; i < len(s); {
		j := indexBracket(s[i:])
		if j < 0 {
			break
		}
		i += j
		rest := s[i:]
		if strings.HasPrefix(rest, "<|") {
			// <|name|> with a short identifier name.
			k := strings.Index(rest[2:min(len(rest), 40)], "|>")
			if k > 0 && isIdent(rest[2:2+k]) {
				return 1, i
			}
		} else {
			for _, t := range bracketTokens {
				if strings.HasPrefix(rest, t) {
					return 1, i
				}
			}
		}
		i++
	}
	return 0, 0
}

// indexBracket is strings.IndexAny(s, "<[") without building a byte set
// per call: two IndexByte scans, the second only up to the first '<'.
func indexBracket(s string) int {
	lt := strings.IndexByte(s, '<')
	end := lt
	if lt < 0 {
		end = len(s)
	}
	if sq := strings.IndexByte(s[:end], '['); sq >= 0 {
		return sq
	}
	return lt
}

// roleTags are XML-style turn tags, with the role each opens or closes.
var roleTags = []struct {
	tag  string
	role int
}{
	{"system>", labelSystem}, {"user>", labelUser}, {"human>", labelUser},
	{"assistant>", labelAssistant}, {"ai>", labelAssistant},
}

// roleTag scores XML-style turn tags: a tag that closes one role's turn
// followed by one that opens another's ("</user><system>") fakes a turn
// boundary, 1; a system tag alone 0.8; a user or assistant tag alone 0.5
// (prompts quoted for debugging have them too). It returns the offset of
// the strongest tag.
func roleTag(s string) (float64, int) {
	best, at := 0.0, 0
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		role, end := tagAt(s, i)
		if role == labelNone {
			i++
			continue
		}
		v := 0.5
		if role == labelSystem {
			v = 0.8
		}
		if s[i+1] == '/' {
			// A closing tag: does another role's opening tag follow?
			k := end
			for k < len(s) && k < end+8 && (s[k] == ' ' || s[k] == '\n' || s[k] == '\r' || s[k] == '\t') {
				k++
			}
			if k < len(s) && s[k] == '<' && k+1 < len(s) && s[k+1] != '/' {
				if next, _ := tagAt(s, k); next != labelNone && next != role {
					return 1, i
				}
			}
		}
		if v > best {
			best, at = v, i
		}
		i = end
	}
	return best, at
}

// tagAt returns the role of the turn tag at s[i] ('<') and the offset past
// it, or labelNone.
func tagAt(s string, i int) (int, int) {
	k := i + 1
	if k < len(s) && s[k] == '/' {
		k++
	}
	for _, t := range roleTags {
		if len(s)-k >= len(t.tag) && strings.EqualFold(s[k:k+len(t.tag)], t.tag) {
			return t.role, k + len(t.tag)
		}
	}
	return labelNone, i + 1
}

func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// Role label kinds.
const (
	labelNone = iota
	labelUser
	labelAssistant
	labelSystem
	labelQ // weak user label (Q:)
	labelA // weak assistant label (A:)
)

var labelKinds = map[string]int{
	"user": labelUser, "human": labelUser, "person": labelUser, "customer": labelUser, "me": labelUser,
	"assistant": labelAssistant, "ai": labelAssistant, "bot": labelAssistant, "chatbot": labelAssistant,
	"gpt": labelAssistant, "chatgpt": labelAssistant, "model": labelAssistant, "claude": labelAssistant,
	"system": labelSystem, "instruction": labelSystem, "instructions": labelSystem, "response": labelAssistant,
	"q": labelQ, "question": labelQ, "a": labelA, "answer": labelA,
}

// lineLabel returns the role label a line starts with ("Human:", "### System:",
// "**User:**"), or labelNone.
func lineLabel(line string) int {
	// (strings.TrimLeft(line, " \t#*>") without building its byte set.)
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '#' || line[i] == '*' || line[i] == '>') {
		i++
	}
	line = line[i:]
	// A label's colon is within the first 13 bytes.
	k := strings.IndexByte(line[:min(len(line), 13)], ':')
	if k <= 0 || k > 12 {
		return labelNone
	}
	name := strings.TrimRight(line[:k], "* ")
	if name == "" || len(name) > 11 {
		return labelNone
	}
	var buf [12]byte
	n := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return labelKinds[string(buf[:n])]
}

// labelCounts counts role labels at line starts.
type labelCounts struct {
	user, assistant, system, q, a int
	first                         int // offset of the first label
	hashes                        bool
}

func countLabels(s string) labelCounts {
	c := labelCounts{first: -1}
	for i, line := range lines(s) {
		if k := lineLabel(line); k != labelNone {
			if c.first < 0 {
				c.first = i
			}
			if strings.HasPrefix(strings.TrimLeft(line, " \t"), "###") {
				c.hashes = true
			}
			switch k {
			case labelUser:
				c.user++
			case labelAssistant:
				c.assistant++
			case labelSystem:
				c.system++
			case labelQ:
				c.q++
			case labelA:
				c.a++
			}
		}
	}
	return c
}

// roleLabels scores role labels at line starts: a system label or "###"
// headers 0.8, a user and an assistant label together 0.7, one of them 0.4.
func roleLabels(s string) (float64, int, labelCounts) {
	c := countLabels(s)
	switch {
	case c.first < 0:
		return 0, 0, c
	case c.system > 0 && (c.user > 0 || c.assistant > 0), c.hashes && c.user+c.assistant+c.system > 0:
		return 0.8, c.first, c
	case c.user > 0 && c.assistant > 0:
		return 0.7, c.first, c
	case c.user+c.assistant+c.system > 0:
		return 0.4, c.first, c
	}
	return 0, c.first, c
}

// around returns a short window of s starting at byte offset at.
func around(s string, at int) string {
	at = max(0, min(at, len(s)))
	end := min(len(s), at+120)
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	return s[at:end]
}

// MarkerSpans calls fn with the byte span [start, end) of every chat-template
// token in s (the tokens the role_marker signal scores 1) and, when s fakes a
// dialogue (role labels the signal scores 0.7 or more), of every user,
// assistant or system label at a line start (the name and its colon). It
// lets a caller flag or neutralize the markers the signal measures.
func MarkerSpans(s string, fn func(start, end int)) {
	for i := 0; i < len(s); {
		j := indexBracket(s[i:])
		if j < 0 {
			break
		}
		i += j
		rest := s[i:]
		n := 0
		if strings.HasPrefix(rest, "<|") {
			if k := strings.Index(rest[2:min(len(rest), 40)], "|>"); k > 0 && isIdent(rest[2:2+k]) {
				n = k + 4
			}
		} else {
			for _, t := range bracketTokens {
				if strings.HasPrefix(rest, t) {
					n = len(t)
					break
				}
			}
		}
		if n > 0 {
			fn(i, i+n)
			i += n
			continue
		}
		i++
	}
	if v, _, _ := roleLabels(s); v < 0.7 {
		return
	}
	for i, line := range lines(s) {
		if k := lineLabel(line); k == labelUser || k == labelAssistant || k == labelSystem {
			start := i + len(line) - len(strings.TrimLeft(line, " \t#*>"))
			fn(start, i+strings.IndexByte(line, ':')+1)
		}
	}
}

// lines yields the offset and text (without the newline) of every line of s.
func lines(s string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i := 0; i < len(s); {
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s)
			} else {
				end += i
			}
			if !yield(i, s[i:end]) {
				return
			}
			i = end + 1
		}
	}
}
