package taxonomy

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// fileSchema is the shape of a taxonomy file. It differs from Taxonomy only
// where a user file must be able to leave a value out.
type fileSchema struct {
	Version       *int           `yaml:"version"`
	Phenomena     []Phenomenon   `yaml:"phenomena"`
	Causes        []Cause        `yaml:"causes"`
	Stages        []Stage        `yaml:"stages"`
	Interventions []Intervention `yaml:"interventions"`
	EvalGap       *evalGapSchema `yaml:"eval_gap"`
}

// evalGapSchema is the eval_gap section of a taxonomy file.
type evalGapSchema struct {
	Factors    []Factor `yaml:"factors"`
	KeyInsight *string  `yaml:"key_insight"`
	Requires   []string `yaml:"requires"`
}

// source is one parsed taxonomy file; it finds positions for errors.
type source struct {
	name  string
	file  *ast.File
	body  ast.Node            // nil for an empty file
	nodes map[string]ast.Node // by YAML path; built on the first error
}

// yamlPath addresses a node: string elements are mapping keys, int elements
// sequence indexes.
type yamlPath []any

// with returns a copy of p extended by more.
func (p yamlPath) with(more ...any) yamlPath {
	out := make(yamlPath, 0, len(p)+len(more))
	return append(append(out, p...), more...)
}

// parseSource parses and strictly decodes one taxonomy file. A panic in the
// YAML library becomes an error: a bad user file must never crash faultline.
func parseSource(name string, data []byte) (src *source, schema *fileSchema, err error) {
	defer func() {
		if r := recover(); r != nil {
			src, schema = nil, nil
			err = &Error{File: name, Line: 1, Column: 1, Reason: fmt.Sprintf("cannot parse YAML: %v", r)}
		}
	}()
	tokens := lexer.Tokenize(string(data))
	if err := checkNesting(name, tokens); err != nil {
		return nil, nil, err
	}
	f, err := parser.Parse(tokens, 0)
	if err != nil {
		return nil, nil, yamlError(name, err)
	}
	src = &source{name: name, file: f}
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if src.body != nil {
			return nil, nil, src.nodeError(doc.Body, "a taxonomy file holds a single YAML document")
		}
		src.body = doc.Body
	}
	schema = &fileSchema{}
	if src.body == nil {
		return src, schema, nil
	}
	if err := checkNodes(src); err != nil {
		return nil, nil, err
	}
	if src.body.Type() != ast.MappingType {
		return nil, nil, src.nodeError(src.body,
			"a taxonomy file is a mapping with the keys version, phenomena, causes, stages, interventions and eval_gap")
	}
	if err := yaml.NodeToValue(src.body, schema, yaml.Strict()); err != nil {
		return nil, nil, yamlError(name, err)
	}
	return src, schema, nil
}

// Nesting limits. The YAML parser's time and memory grow with the square of
// the nesting depth of flow collections and of compact sequences ("- - - x"):
// a 32 KB file nested 16000 levels deep takes 400 MB. Taxonomy files nest a
// few levels.
const (
	maxFlowDepth        = 32
	maxCompactIndicator = 256 // column of a "-" or "?" indicator
)

// checkNesting rejects token streams nested deeper than a taxonomy file ever
// is, before they reach the parser.
func checkNesting(name string, tokens token.Tokens) error {
	depth := 0
	for _, tk := range tokens {
		if tk == nil {
			continue
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			depth++
			if depth > maxFlowDepth {
				line, col := tokenPos(tk)
				return &Error{File: name, Line: line, Column: col,
					Reason: fmt.Sprintf("flow collections nested more than %d levels deep", maxFlowDepth)}
			}
		case token.SequenceEndType, token.MappingEndType:
			depth = max(depth-1, 0)
		case token.SequenceEntryType, token.MappingKeyType:
			if line, col := tokenPos(tk); col > maxCompactIndicator {
				return &Error{File: name, Line: line, Column: col,
					Reason: fmt.Sprintf("block collections nested too deep (indicator beyond column %d)", maxCompactIndicator)}
			}
		}
	}
	return nil
}

// checkNodes rejects anchors, aliases and merge keys: taxonomy files do not
// need them, they would make error positions ambiguous, and alias expansion
// lets a small file decode into a huge one.
func checkNodes(src *source) error {
	for _, typ := range []ast.NodeType{ast.AnchorType, ast.AliasType, ast.MergeKeyType} {
		if nodes := ast.Filter(typ, src.body); len(nodes) > 0 {
			return src.nodeError(nodes[0], "anchors, aliases and merge keys are not supported in taxonomy files")
		}
	}
	return nil
}

// yamlError turns an error of the YAML library into an *Error with the
// library's position.
func yamlError(name string, err error) error {
	var ye yaml.Error
	if !errors.As(err, &ye) {
		return &Error{File: name, Line: 1, Column: 1, Reason: err.Error()}
	}
	line, col := tokenPos(ye.GetToken())
	msg := ye.GetMessage()
	var te *yaml.TypeError
	if errors.As(err, &te) && te.DstType != nil && te.SrcType != nil {
		// The library's struct field names are Go names (and not always the
		// right one); the position says where.
		msg = fmt.Sprintf("wrong type: got %s, want %s", kindName(te.SrcType), kindName(te.DstType))
	}
	return &Error{File: name, Line: line, Column: col, Reason: msg}
}

// kindName names a Go type the way a YAML author thinks of it.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Map, reflect.Struct:
		return "a mapping"
	case reflect.Slice, reflect.Array:
		return "a sequence"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return kindName(t.Elem())
	}
	return t.String()
}

// String returns p in YAML path syntax, e.g. "$.causes[2].interventions[1]".
func (p yamlPath) String() string {
	var b strings.Builder
	b.WriteString("$")
	for _, el := range p {
		switch v := el.(type) {
		case string:
			b.WriteString("." + v)
		case int:
			b.WriteString("[" + strconv.Itoa(v) + "]")
		}
	}
	return b.String()
}

// node returns the node at p, or the nearest ancestor of it that exists.
func (s *source) node(p yamlPath) ast.Node {
	if s.body == nil {
		return nil
	}
	if s.nodes == nil {
		s.nodes = map[string]ast.Node{}
		indexNodes(s.nodes, "$", s.body)
	}
	for n := len(p); n > 0; n-- {
		if node, ok := s.nodes[p[:n].String()]; ok && node != nil {
			return node
		}
	}
	return s.body
}

// indexNodes records every node under n by its YAML path, so that finding
// the position of an error costs a map lookup however many errors there are.
// It only runs on files that decoded into the schema, whose depth is bounded.
func indexNodes(nodes map[string]ast.Node, path string, n ast.Node) {
	nodes[path] = n
	switch v := n.(type) {
	case *ast.MappingNode:
		for _, mv := range v.Values {
			indexNodes(nodes, path+"."+keyName(mv.Key), mv.Value)
		}
	case *ast.MappingValueNode:
		indexNodes(nodes, path+"."+keyName(v.Key), v.Value)
	case *ast.SequenceNode:
		for i, e := range v.Values {
			indexNodes(nodes, path+"["+strconv.Itoa(i)+"]", e)
		}
	case *ast.TagNode:
		if v.Value != nil {
			indexNodes(nodes, path, v.Value)
		}
	}
}

// keyName returns a mapping key as the decoder sees it.
func keyName(k ast.MapKeyNode) string {
	if k == nil || k.GetToken() == nil {
		return ""
	}
	key := k.GetToken().Value
	if len(key) > 1 {
		switch {
		case key[0] == '"':
			if u, err := strconv.Unquote(key); err == nil {
				return u
			}
		case key[0] == '\'' && key[len(key)-1] == '\'':
			return key[1 : len(key)-1]
		}
	}
	return key
}

// errorf returns an error positioned at p (or its nearest existing ancestor).
func (s *source) errorf(p yamlPath, format string, args ...any) *Error {
	return s.nodeError(s.node(p), format, args...)
}

// nodeError returns an error positioned at node.
func (s *source) nodeError(node ast.Node, format string, args ...any) *Error {
	line, col := nodePos(node)
	return &Error{File: s.name, Line: line, Column: col, Reason: fmt.Sprintf(format, args...)}
}

// line returns the line of the node at p.
func (s *source) line(p yamlPath) int {
	line, _ := nodePos(s.node(p))
	return line
}

// nodePos returns where node starts: for a mapping, its first key.
func nodePos(node ast.Node) (line, col int) {
	switch n := node.(type) {
	case nil:
		return 1, 1
	case *ast.MappingNode:
		if n == nil {
			return 1, 1
		}
		if len(n.Values) > 0 && n.Values[0] != nil && n.Values[0].Key != nil {
			return tokenPos(n.Values[0].Key.GetToken())
		}
	case *ast.MappingValueNode:
		if n == nil {
			return 1, 1
		}
		if n.Key != nil {
			return tokenPos(n.Key.GetToken())
		}
	}
	return tokenPos(node.GetToken())
}

// tokenPos returns the 1-based position of tk, 1:1 when unknown.
func tokenPos(tk *token.Token) (line, col int) {
	if tk == nil || tk.Position == nil || tk.Position.Line < 1 {
		return 1, 1
	}
	return tk.Position.Line, max(tk.Position.Column, 1)
}
