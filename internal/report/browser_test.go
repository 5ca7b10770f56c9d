package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// findChromium returns a headless-capable Chromium, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifactDir is where the screenshot is kept: $FAULTLINE_ARTIFACTS, else a
// temporary folder (its path is logged).
func artifactDir(t *testing.T) string {
	if d := os.Getenv("FAULTLINE_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestReportInBrowser loads the HTML report in headless Chromium: it must
// render (the DOM has the report's sections), log no console error and make
// no network request (Chromium's net log holds only file: and data: URLs).
// The screenshot is saved as a test artifact. CI installs Chromium; elsewhere
// the test is skipped when Chromium is absent, and fails in CI.
func TestReportInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
	chrome := findChromium()
	if chrome == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no Chromium found: .ci/run must install Debian's chromium")
		}
		t.Skip("no Chromium on this machine (apt-get install chromium)")
	}
	items, tx, opt := fixture(t)
	opt.Sections = testSections()
	var html bytes.Buffer
	if err := Build(items, tx, opt).WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, html.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(artifactDir(t), "report.png")
	netlog := filepath.Join(dir, "net.json")
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps", "--no-default-browser-check",
		"--disable-client-side-phishing-detection", "--disable-domain-reliability", "--no-pings", "--metrics-recording-only",
		"--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,CertificateTransparencyComponentUpdater",
		"--user-data-dir=" + filepath.Join(dir, "profile"),
		"--enable-logging=stderr", "--v=0", "--log-net-log=" + netlog, "--window-size=1280,2400"}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	dump := exec.CommandContext(ctx, chrome, append(flags, "--dump-dom", "file://"+page)...)
	var dom, logs bytes.Buffer
	dump.Stdout, dump.Stderr = &dom, &logs
	if err := dump.Run(); err != nil {
		t.Fatalf("chromium --dump-dom: %v\n%s", err, logs.String())
	}
	for _, want := range []string{"Top incidents", "Where to fix it", "<svg", "agent-7", "ASR by turn depth", "<polyline"} {
		if !strings.Contains(dom.String(), want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`(?i)(CONSOLE\(\d+\).*|Uncaught .*)`).FindString(logs.String()); m != "" {
		t.Errorf("console error: %s", m)
	}
	checkNetLog(t, netlog)

	cmd := exec.CommandContext(ctx, chrome, append(flags, "--screenshot="+shot, "file://"+page)...)
	cmd.Stderr = &logs
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium --screenshot: %v\n%s", err, logs.String())
	}
	fi, err := os.Stat(shot)
	if err != nil || fi.Size() < 10_000 {
		t.Fatalf("screenshot missing or empty: %v", err)
	}
	t.Logf("screenshot: %s (%d bytes)", shot, fi.Size())
}

// chromiumServiceHost matches the hosts Chromium itself calls (component
// updates, clock, accounts) whatever page it loads; they are not the report's.
var chromiumServiceHost = regexp.MustCompile(`^https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com|gstatic\.com|googleusercontent\.com)(/|:|$)`)

// checkNetLog fails on any URL in Chromium's net log that is not the page
// itself (file:), inline (data:) or one of Chromium's own service calls.
func checkNetLog(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Logf("no net log (%v); checking the HTML statically instead", err)
		return
	}
	// The log may be cut short when Chromium exits, so URLs are matched as text.
	for _, m := range regexp.MustCompile(`"url":"([^"]+)"`).FindAllStringSubmatch(string(data), -1) {
		u := m[1]
		if !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "chrome") && u != "about:blank" &&
			!chromiumServiceHost.MatchString(u) {
			t.Errorf("the report made a network request: %s", u)
		}
	}
}
