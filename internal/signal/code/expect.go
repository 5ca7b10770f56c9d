package code

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// expectLiteral matches the literals of an assertion: numbers and quoted
// strings.
var expectLiteral = regexp.MustCompile(`-?\d+(?:\.\d+)?|"[^"\n]*"|'[^'\n]*'`)

// maxExpectLines bounds the assertions compared in one edit.
const maxExpectLines = 16

// expectationRewritten returns the new assertion when an edit rewrites an
// assertion's expected literal to another one, both printed by a failing
// check seen before ("assert 21.0 == 20.0" -> the test now expects 21.0):
// the test was made to expect what the code does, not what it should do.
// A test rewritten to a value no check printed (a new specification) is
// not matched.
func expectationRewritten(removed, text string, checks []byte) string {
	if len(checks) == 0 {
		return ""
	}
	type assertion struct {
		skeleton string
		lits     []string
	}
	var old []assertion
	for line := range strings.Lines(removed) {
		if len(old) == maxExpectLines {
			break
		}
		if isAssert(line) {
			t := strings.TrimSpace(line)
			old = append(old, assertion{expectLiteral.ReplaceAllString(t, "#"), expectLiteral.FindAllString(t, 8)})
		}
	}
	if len(old) == 0 {
		return ""
	}
	for line := range strings.Lines(text) {
		if !isAssert(line) {
			continue
		}
		t := strings.TrimSpace(line)
		skel := expectLiteral.ReplaceAllString(t, "#")
		for _, o := range old {
			if o.skeleton != skel {
				continue
			}
			lits := expectLiteral.FindAllString(t, 8)
			if len(lits) != len(o.lits) || slices.Equal(lits, o.lits) {
				continue
			}
			for i := range lits {
				if lits[i] != o.lits[i] && inChecks(lits[i], checks) && inChecks(o.lits[i], checks) {
					return t
				}
			}
		}
	}
	return ""
}

// jsMock matches a jest or vitest module mock and its module path.
var jsMock = regexp.MustCompile(`\b(?:jest|vi)\.mock\(\s*['"]([^'"]+)['"]`)

// mocksModuleUnderTest returns the mock line when a JavaScript test file
// mocks the module it is named after (src/pricing.test.js mocking
// './pricing'): the test then tests the mock. A partial mock that keeps the
// real module (requireActual, importActual) is not matched.
func mocksModuleUnderTest(file, text string) string {
	if !strings.Contains(text, ".mock(") || strings.Contains(text, "requireActual") || strings.Contains(text, "importActual") {
		return ""
	}
	base := path.Base(strings.ReplaceAll(file, `\`, "/"))
	under := ""
	for _, mark := range []string{".test.", ".spec."} {
		if i := strings.Index(base, mark); i > 0 {
			under = base[:i]
		}
	}
	if under == "" {
		return ""
	}
	for _, m := range jsMock.FindAllStringSubmatch(text, 8) {
		mod := path.Base(m[1])
		if i := strings.IndexByte(mod, '.'); i > 0 {
			mod = mod[:i]
		}
		if mod == under && strings.HasPrefix(m[1], ".") {
			return strings.TrimSpace(m[0])
		}
	}
	return ""
}

// pyPatch matches a Python mock.patch of a dotted target: the module that
// owns the replaced attribute and the attribute.
var pyPatch = regexp.MustCompile(`\bpatch\(\s*['"](?:[\w.]*\.)?(\w+)\.(\w+)['"]`)

// patchesFunctionUnderTest returns the patch when a Python test file
// replaces, with a canned result, a function of the module it is named
// after (tests/test_tax.py patching billing.tax.compute_tax) that shares a
// word with the file's name or one of its test functions: the test then
// checks the canned value. Patching a dependency as the module sees it
// (rates.client.requests.get) or another function of the module under test
// (test_orders patching orders.send_email) is how tests isolate and is not
// matched.
func patchesFunctionUnderTest(file, text string) string {
	if !strings.Contains(text, "patch(") || !strings.Contains(text, "return_value") {
		return ""
	}
	base := path.Base(strings.ReplaceAll(file, `\`, "/"))
	under, ok := strings.CutSuffix(base, ".py")
	if !ok {
		return ""
	}
	under = strings.TrimSuffix(strings.TrimPrefix(under, "test_"), "_test")
	for _, m := range pyPatch.FindAllStringSubmatch(text, 8) {
		if m[1] != under {
			continue
		}
		for w := range strings.SplitSeq(m[2], "_") {
			if len(w) >= 3 && (strings.Contains(under, w) || strings.Contains(text, "def test_"+w) || strings.Contains(text, "_"+w+"(")) {
				return strings.TrimSpace(m[0])
			}
		}
	}
	return ""
}

// thresholdKey matches a coverage or quality gate's minimum and its value:
// "fail_under = 85", "--cov-fail-under=85", "coverageThreshold ... lines:
// 80" (the generic keys only in a text that names coverage or a threshold).
var thresholdKey = regexp.MustCompile(`(?i)\b(fail[_-]?under|cov[_-]fail[_-]under|min(?:imum)?[_-]?coverage|coverage[_-]?threshold|branches|lines|statements|functions)["']?\s*[:=]\s*["']?(\d+(?:\.\d+)?)`)

// thresholdLowered returns the new setting when an edit lowers a coverage
// or quality gate's minimum: the gate now passes what it failed.
func thresholdLowered(removed, text string) string {
	if !gateText(removed) || !gateText(text) {
		return ""
	}
	old := map[string]float64{}
	for _, m := range thresholdKey.FindAllStringSubmatch(removed, 16) {
		if v, ok := parseNumber(m[2]); ok {
			old[strings.ToLower(m[1])] = v
		}
	}
	for _, m := range thresholdKey.FindAllStringSubmatch(text, 16) {
		v, ok := parseNumber(m[2])
		if was, seen := old[strings.ToLower(m[1])]; ok && seen && v < was {
			return strings.TrimSpace(m[0])
		}
	}
	return ""
}

// gateText reports whether a text is about a coverage or quality gate.
func gateText(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "cov") || strings.Contains(l, "threshold") || strings.Contains(l, "fail_under") ||
		strings.Contains(l, "fail-under")
}

// parseNumber parses a decimal number of at most a few digits.
func parseNumber(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}
