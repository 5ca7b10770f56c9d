package ingest

import (
	"bytes"
	stdjson "encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	json "github.com/goccy/go-json"
	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/internal/ingest/ingesttest"
)

// fastSeeds are records of the common shape and near it: what the hand
// decoder must decode as the general one does, or leave to it.
var fastSeeds = []string{
	`{"id": "a", "model": "m", "messages": [{"role": "user", "content": "hi"}]}`,
	`{"id": 7, "messages": [{"role": "user", "content": "caf\u00e9 \ud83d\ude00 \ud800 x\/y\"z\\ \b\f\n\r\t"}]}`,
	`{"id": null, "model": null, "messages": [{"role": "assistant", "content": null, "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{\"a\": [1, 2.5e3, -0, true, null, {}]}"}}]}, {"role": "tool", "tool_call_id": "c", "content": "ok", "is_error": true}]}`,
	`{"messages": [{"role": "assistant", "content": "x", "function_call": {"name": "g", "arguments": {"k": "v"}}}, {"role": "function", "name": "g", "content": "r", "error": {"code": 1}}]}`,
	`{"messages": [{"role": "tool", "content": "", "tool_call_id": null, "error": null, "tool_call": {"function": "f", "args": {}}}]}`,
	`{"messages": [{"role": "user", "content": "a", "Content": "b"}]}`,
	`{"messages": [{"role": "user", "content": "a", "content": "b"}]}`,
	`{"messages": [{"role": "user", "content": "a", "extra": [1, {"x": "\u0041"}], "n": -1.5E+2}]}`,
	`{"messages": [{"ROLE": "user", "content": "a"}]}`,
	`{"messages": [{"role": "user", "content": "a"}], "metadata": {"id": 1, "model": "m", "objective": "o", "suite": ["x"]}}`,
	`{"messages": [{"role": "user", "content": "a"}], "metadata": {"id": 1, "usage": {"input_tokens": 3}}}`,
	`{"messages": [{"role": "user", "content": "a"}], "metadata": null, "model": "m"}`,
	`{"metadata": {"benchmark": "header line without messages: skipped"}}`,
	`{"messages": [], "index": 3}`,
	`{"messages": [{"role": "user", "content": "bad \x"}]}`,
	`{"messages": [{"role": "user", "content": "a"}]} x`,
	`{"messages": [{"role": "assistant", "tool_calls": null, "function_call": null, "reasoning_content": "think"}]}`,
	`{"messages": [{"role": "assistant", "tool_calls": [], "content": "x"}]}`,
	`{"messages": [{"role": "assistant", "tool_calls": [{"function": null, "id": "1"}], "content": "x"}, {"role": "tool", "content": "y"}]}`,
	`{"messages": [{"role": "user", "content": "01"}], "n": 01}`,
	`{"messages": [{"role": "user", "content": "a"}], "deep": [[[[[]]]]]}`,
	`{"messages": [{"role": "assistant", "tool_calls": [{"function": {"name": "f", "arguments": "{\"x\": -0, \"y\": [-0.0, 1e-400, 5e-324], \"x\": \"dup\"}"}}]}]}`,
	`{"messages": [{"role": "assistant", "tool_calls": [{"function": {"name": "f", "arguments": {"x": -0, "y": 1E+2, "z": "\u00e9\ud83d\ude00"}}}]}]}`,
	`{"messages": [{"role": "assistant", "tool_calls": [{"function": {"name": "f", "arguments": "  {\"a\": 1}  "}}]}]}`,
	`{"messages": [{"role": "assistant", "tool_calls": [{"function": {"name": "f", "arguments": "not json"}}]}]}`,
	`{"messages": [{"role": "assistant", "tool_calls": [{"function": {"name": "f", "arguments": {"a": 1e999}}}]}]}`,
}

// FuzzFastRecord: whatever the record, Decode with the hand decoder of the
// common shape gives the same trajectories, or the same error, as the general
// decoder alone.
func FuzzFastRecord(f *testing.F) {
	seedFromFormats(f)
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	for _, line := range bytes.Split(ingesttest.OpenAIJSONL(3), []byte("\n")) {
		f.Add(line)
	}
	fast := DefaultRegistry()
	general := DefaultRegistry()
	general.generalOnly = true
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, force := range []string{"", FormatOpenAI} {
			src := Source{"fuzz", 3}
			want, wantErr := general.Decode(data, src, force)
			got, gotErr := fast.Decode(data, src, force)
			if errText(gotErr) != errText(wantErr) {
				t.Fatalf("force %q: error %q, general decoder %q", force, errText(gotErr), errText(wantErr))
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("force %q: trajectories differ from the general decoder's:\n%s", force, cmp.Diff(want, got))
			}
			// DeepEqual takes -0 for 0: their encodings tell them apart.
			if g, w := encodeJSON(t, got), encodeJSON(t, want); g != w {
				t.Fatalf("force %q: trajectories encode as\n%s\ngeneral decoder's:\n%s", force, g, w)
			}
		}
	})
}

func encodeJSON(t *testing.T, v any) string {
	b, err := stdjson.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestFastRecordTakesCommonShape: the records the hand decoder is for do not
// fall back to the general one.
func TestFastRecordTakesCommonShape(t *testing.T) {
	for i, line := range bytes.Split(bytes.TrimSpace(ingesttest.OpenAIJSONL(5)), []byte("\n")) {
		if _, ok := decodeFastRecord(line, nil); !ok {
			t.Errorf("benchmark record %d left to the general decoder", i)
		}
	}
	for _, s := range fastSeeds[:5] {
		if _, ok := decodeFastRecord([]byte(s), nil); !ok {
			t.Errorf("left to the general decoder: %s", s)
		}
	}
}

// TestFastKeys: the key lists of the hand decoder name exactly the fields of
// the wire types, so that no key the general decoder would read is skipped.
func TestFastKeys(t *testing.T) {
	for _, c := range []struct {
		v     any
		isKey func([]byte) bool
	}{
		{wireRecord{}, isRecordKey},
		{wireRecordMeta{}, isRecordMetaKey},
		{wireMessage{}, isMessageKey},
		{wireToolCall{}, isToolCallKey},
		{wireFunction{}, isFunctionKey},
	} {
		typ := reflect.TypeOf(c.v)
		for _, name := range jsonNames(typ) {
			for _, k := range []string{name, strings.ToUpper(name)} {
				if !c.isKey([]byte(k)) {
					t.Errorf("%s: key %q not known", typ.Name(), k)
				}
			}
		}
		if c.isKey([]byte("not_a_field")) {
			t.Errorf("%s: unknown key taken for a field", typ.Name())
		}
	}
}

// jsonNames returns the JSON keys of a struct type, those of embedded structs
// included.
func jsonNames(typ reflect.Type) []string {
	var names []string
	for i := range typ.NumField() {
		fld := typ.Field(i)
		if fld.Anonymous {
			names = append(names, jsonNames(fld.Type)...)
			continue
		}
		if name, _, _ := strings.Cut(fld.Tag.Get("json"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// TestPlainEnd compares plainEnd with a byte-by-byte scan on every position
// of strings that mix plain and special bytes.
func TestPlainEnd(t *testing.T) {
	special := func(c byte) bool { return c < 0x20 || c >= 0x80 || c == '"' || c == '\\' }
	alphabet := []byte{'a', ' ', '!', '"', '#', '\\', ']', 0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xff, '~', '0'}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			} else {
				b[i] = byte(0x20 + rng.IntN(0x60))
			}
		}
		for i := 0; i <= len(b); i++ {
			want := i
			for want < len(b) && !special(b[want]) {
				want++
			}
			if got := plainEnd(b, i); got != want {
				t.Fatalf("plainEnd(%q, %d) = %d, want %d", b, i, got, want)
			}
		}
	}
}

// FuzzDecodeObject: what decodeObject decodes, the general decoder decodes
// the same way; what the general decoder rejects, decodeObject rejects.
func FuzzDecodeObject(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"a": 1}`, `{"path": "report-0.txt", "lines": [1, 200]}`,
		`{"a": {"b": [true, false, null, "x\n\u00e9"]}, "a": -0.5e-3}`,
		`{"n": 1e400}`, `{"s": "\ud800"}`, `{"k": [] , "l": {}}`, `{"a": 01}`, `{"a": 1} x`,
		"{\"a\": \"\xff\"}", `{"\u0041": "key escapes"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := decodeObject(data)
		var want map[string]any
		err := json.Unmarshal(data, &want)
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("decoded what the general decoder rejects (%v): %v", err, got)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded %v, general decoder %v", got, want)
		}
		if g, w := encodeJSON(t, got), encodeJSON(t, want); g != w {
			t.Fatalf("decoded %s, general decoder %s", g, w)
		}
	})
}

// FuzzUnquote: appendUnquoted reads a string literal as the general decoder
// does, or fails.
func FuzzUnquote(f *testing.F) {
	for _, s := range []string{
		`"plain"`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9\ud83d\ude00\ud800\udc00x"`, `"\ud800\u0041"`,
		`"\ud800\ud800"`, `"\u12"`, `"\x"`, "\"\x01\"", "\"\xc3\xa9\"", "\"\xc3\"", `"unterminated`, `"a" `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || data[0] != '"' {
			return
		}
		got, end, ok := appendUnquoted(nil, data, 0)
		if !ok || end != len(data) {
			return
		}
		var want string
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("unquoted %q, general decoder: %v", got, err)
		}
		if string(got) != want {
			t.Fatalf("unquoted %q, general decoder %q", got, want)
		}
	})
}
