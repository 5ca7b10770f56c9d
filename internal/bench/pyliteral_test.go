package bench

import (
	"strings"
	"testing"
)

func TestPyLiteralToJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`None`, `null`},
		{`True`, `true`},
		{`False`, `false`},
		{`42`, `42`},
		{`-7`, `-7`},
		{`+3`, `3`},
		{`0`, `0`},
		{`12345678901234567890123`, `12345678901234567890123`},
		{`98.7`, `98.7`},
		{`1e-7`, `1e-07`},
		{`.5`, `0.5`},
		{`'it'`, `"it"`},
		{`"it's"`, `"it's"`},
		{`'don\'t'`, `"don't"`},
		{`'a\nb\tc\\d'`, `"a\nb\tc\\d"`},
		{`'caf\xe9 \u00e9 \U0001F600'`, `"café é 😀"`},
		{`'\101\0'`, `"A\u0000"`},
		{`'keep \d'`, `"keep \\d"`},
		{`r'raw \n'`, `"raw \\n"`},
		{`u'unicode'`, `"unicode"`},
		{`'''triple 'quoted'
line'''`, `"triple 'quoted'\nline"`},
		{`'<b>&'`, `"<b>&"`},
		{`[]`, `[]`},
		{`{}`, `{}`},
		{`(1, 'a',)`, `[1,"a"]`},
		{`[1, [2, (3,)], None]`, `[1,[2,[3]],null]`},
		{`{'a': 1, "b": None, 3: True, None: 'x', True: 0}`, `{"3":true,"a":1,"b":null,"null":"x","true":0}`},
		// The shape of an AgentDojo tool_calls repr.
		{`[{'id': '', 'type': 'function', 'function': {'name': 'send_money', 'arguments': {'amount': 98.7, 'date': None, 'recurring': False}}}]`,
			`[{"function":{"arguments":{"amount":98.7,"date":null,"recurring":false},"name":"send_money"},"id":"","type":"function"}]`},
		// JSON passes through.
		{`{"a": [true, false, null, "x\"y"]}`, `{"a":[true,false,null,"x\"y"]}`},
		{"  [ 1 ,\n 2 ]  ", `[1,2]`},
	}
	for _, tc := range tests {
		got, err := pyLiteralToJSON(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestPyLiteralToJSONErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{``, "unexpected end"},
		{`'open`, "unterminated string"},
		{`[1, 2`, "expected ','"},
		{`{'a' 1}`, "expected ':'"},
		{`{1, 2}`, "expected ':'"},
		{`datetime.date(2024, 5, 1)`, `unsupported name "datetime"`},
		{`inf`, `unsupported name "inf"`},
		{`[1] x`, "after the literal"},
		{`1.2.3`, "invalid number"},
		{`'a\x4'`, `invalid \x escape`},
		{`{[1]: 2}`, "unsupported dict key"},
		{"'a\nb'", "newline in a single-quoted string"},
		{strings.Repeat("[", 2000), "nested too deeply"},
	}
	for _, tc := range tests {
		_, err := pyLiteralToJSON(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.in, err, tc.want)
		}
	}
}
