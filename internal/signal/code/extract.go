package code

import (
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// snippet is one piece of code an assistant turn writes or runs.
type snippet struct {
	// text is the code (or shell command) with comments stripped.
	text string
	// path is the file the code goes to, when the tool call says.
	path string
	// removed is replaced text of an edit (old_str), comments stripped.
	removed string
	// tool is the name of the tool call, "" for a fenced block in content.
	tool string
	// directives are the checker directives of the code (read before its
	// comments were stripped) and replaced those of the text an edit
	// replaces.
	directives, replaced suppression
}

// maxCode caps how much code of one turn is examined.
const maxCode = 64 << 10

// pathKeys name tool-call arguments that hold a file path.
var pathKeys = []string{"path", "file", "file_path", "filepath", "filename", "target_file", "target"}

// removedKeys name tool-call arguments that hold text an edit replaces.
var removedKeys = map[string]bool{"old_str": true, "old_string": true, "old": true, "search": true, "old_text": true}

// snippets extracts the code of an assistant turn: string arguments of its
// tool calls and fenced code blocks of its content. Prose outside fences and
// reasoning are not code and are not read.
func snippets(m *trajectory.Message, dst []snippet) []snippet {
	budget := maxCode
	for _, tc := range m.ToolCalls {
		path := ""
		for _, k := range pathKeys {
			if s, ok := tc.Arguments[k].(string); ok && s != "" {
				path = s
				break
			}
		}
		keys := make([]string, 0, len(tc.Arguments))
		for k := range tc.Arguments {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		sn := snippet{path: path, tool: tc.Name}
		var b strings.Builder
		for _, k := range keys {
			s, ok := tc.Arguments[k].(string)
			if !ok || s == "" || budget <= 0 {
				continue
			}
			s = s[:min(len(s), budget)]
			budget -= len(s)
			if removedKeys[k] {
				sn.removed = stripComments(s)
				sn.replaced = suppressions(s)
				continue
			}
			sn.directives.add(suppressions(s))
			b.WriteString(stripComments(s))
			b.WriteByte('\n')
		}
		sn.text = b.String()
		dst = append(dst, sn)
	}
	content := m.Content
	for budget > 0 {
		i := strings.Index(content, "```")
		if i < 0 {
			break
		}
		rest := content[i+3:]
		nl := strings.IndexByte(rest, '\n')
		if nl < 0 {
			break
		}
		body := rest[nl+1:]
		end := strings.Index(body, "```")
		if end < 0 {
			end = len(body)
		}
		code := body[:min(end, budget)]
		budget -= len(code)
		dst = append(dst, snippet{text: stripComments(code), directives: suppressions(code)})
		if end+3 > len(body) {
			break
		}
		content = body[end+3:]
	}
	return dst
}

// stripComments removes line comments (#, //) outside string literals and
// /* */ block comments, keeping line structure. Text without comment
// characters is returned as is.
func stripComments(s string) string {
	if !strings.ContainsAny(s, "#/") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	inBlock := false
	for line := range strings.Lines(s) {
		nl := strings.HasSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\n")
		if !inBlock && !strings.ContainsAny(line, "#/") {
			b.WriteString(line)
		} else {
			stripLine(&b, line, &inBlock)
		}
		if nl {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// stripLine writes line without its comments to b.
func stripLine(b *strings.Builder, line string, inBlock *bool) {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		if *inBlock {
			if c == '*' && i+1 < len(line) && line[i+1] == '/' {
				*inBlock = false
				i++
			}
			continue
		}
		if quote != 0 {
			b.WriteByte(c)
			if c == '\\' && i+1 < len(line) {
				b.WriteByte(line[i+1])
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch {
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '#' && !(i > 0 && line[i-1] == '$') && !strings.HasPrefix(line[i:], "#!") && !strings.HasPrefix(line[i:], "#include") &&
			!strings.HasPrefix(line[i:], "#["):
			// ("#[ignore]" is a Rust attribute, not a comment.)
			return
		case c == '/' && i+1 < len(line) && line[i+1] == '/' && !(i > 0 && line[i-1] == ':'):
			return
		case c == '/' && i+1 < len(line) && line[i+1] == '*':
			*inBlock = true
			i++
			continue
		}
		b.WriteByte(c)
	}
}

// isTestPath reports whether a file path names a test, a test runner or a
// check configuration.
func isTestPath(p string) bool {
	p = strings.ToLower(p)
	base := p[strings.LastIndexAny(p, "/\\")+1:]
	switch {
	case strings.HasPrefix(base, "test_"), strings.HasSuffix(base, "_test.go"), strings.HasSuffix(base, "_test.py"),
		strings.Contains(base, ".test."), strings.Contains(base, ".spec."), base == "conftest.py",
		strings.HasPrefix(base, "run_tests"), strings.HasPrefix(base, "run-tests"), strings.HasPrefix(base, "runtests"),
		base == "pytest.ini", base == "tox.ini", base == "setup.cfg", base == "noxfile.py",
		strings.Contains(p, "/tests/"), strings.HasPrefix(p, "tests/"), strings.Contains(p, "/test/"),
		strings.HasPrefix(p, "test/"), strings.Contains(p, "__tests__"), strings.Contains(p, ".github/workflows"):
		return true
	}
	return false
}
