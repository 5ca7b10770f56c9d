package gateway

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/faultline-dev/faultline/internal/store"
)

// adminRoutes registers the admin API:
//
//	GET  /admin/incidents?session=&phenomenon=&since=&until=&limit=&cursor=&newest=
//	GET  /admin/incidents/export?(same filters)       JSONL in the scan input format
//	GET  /admin/sessions/{id}                          session, trajectory, decisions, reviews
//	GET  /admin/reviews?session=&status=
//	POST /admin/reviews/{id}/approve | /deny           body {"reason": "..."} optional
func (g *Gateway) adminRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/incidents", g.admin(g.listIncidents))
	mux.HandleFunc("GET /admin/incidents/export", g.admin(g.exportIncidents))
	mux.HandleFunc("GET /admin/sessions/{id}", g.admin(g.getSession))
	mux.HandleFunc("GET /admin/reviews", g.admin(g.listReviews))
	mux.HandleFunc("POST /admin/reviews/{id}/{verdict}", g.admin(g.decideReview))
	mux.HandleFunc("/admin/", g.admin(func(w http.ResponseWriter, _ *http.Request) {
		adminError(w, http.StatusNotFound, "no such admin endpoint")
	}))
}

// admin checks the bearer token and that a store is configured.
func (g *Gateway) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if tok := g.cfg.AdminToken; tok != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(tok)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="faultline-admin"`)
				adminError(w, http.StatusUnauthorized, "missing or wrong admin bearer token")
				return
			}
		}
		if g.cfg.Store == nil {
			adminError(w, http.StatusServiceUnavailable, "the gateway runs without a store (--store none)")
			return
		}
		h(w, r)
	}
}

func adminError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func storeError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		adminError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, store.ErrReviewDecided):
		adminError(w, http.StatusConflict, err.Error())
	case errors.Is(err, store.ErrInvalid):
		adminError(w, http.StatusBadRequest, err.Error())
	default:
		adminError(w, http.StatusInternalServerError, err.Error())
	}
}

// incidentFilter reads the incident filters from the query.
func incidentFilter(r *http.Request) (store.IncidentFilter, error) {
	q := r.URL.Query()
	f := store.IncidentFilter{SessionID: q.Get("session"), Phenomenon: q.Get("phenomenon"), Cursor: q.Get("cursor")}
	var err error
	if f.Since, err = parseTime(q.Get("since")); err != nil {
		return f, err
	}
	if f.Until, err = parseTime(q.Get("until")); err != nil {
		return f, err
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil {
			return f, errors.New("limit: not a number")
		}
	}
	f.Newest = q.Get("newest") == "true" || q.Get("newest") == "1"
	return f, nil
}

// parseTime accepts RFC 3339 or a duration back from now ("24h").
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return time.Now().Add(-d), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errors.New("time " + strconv.Quote(s) + ": want RFC 3339 (2026-01-02T15:04:05Z) or a duration (24h)")
	}
	return t, nil
}

func (g *Gateway) listIncidents(w http.ResponseWriter, r *http.Request) {
	f, err := incidentFilter(r)
	if err != nil {
		adminError(w, http.StatusBadRequest, err.Error())
		return
	}
	page, err := g.cfg.Store.ListIncidents(r.Context(), f)
	if err != nil {
		storeError(w, err)
		return
	}
	if page.Incidents == nil {
		page.Incidents = []store.Incident{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"incidents": page.Incidents, "next": page.Next})
}

func (g *Gateway) exportIncidents(w http.ResponseWriter, r *http.Request) {
	f, err := incidentFilter(r)
	if err != nil {
		adminError(w, http.StatusBadRequest, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	if _, err := store.ExportIncidents(r.Context(), g.cfg.Store, f, w); err != nil {
		g.log.Error("export incidents", "err", err.Error())
	}
}

func (g *Gateway) getSession(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s, err := g.cfg.Store.GetSession(r.Context(), id)
	if err != nil {
		storeError(w, err)
		return
	}
	decs, err := g.cfg.Store.ListDecisions(r.Context(), id)
	if err != nil {
		storeError(w, err)
		return
	}
	revs, err := g.cfg.Store.ListReviews(r.Context(), store.ReviewFilter{SessionID: id})
	if err != nil {
		storeError(w, err)
		return
	}
	if decs == nil {
		decs = []store.Decision{}
	}
	if revs == nil {
		revs = []store.Review{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"session": s, "decisions": decs, "reviews": revs})
}

func (g *Gateway) listReviews(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	revs, err := g.cfg.Store.ListReviews(r.Context(), store.ReviewFilter{SessionID: q.Get("session"), Status: store.ReviewStatus(q.Get("status"))})
	if err != nil {
		storeError(w, err)
		return
	}
	if revs == nil {
		revs = []store.Review{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"reviews": revs})
}

// decideReview approves or denies a pending review. An approved tool call
// (same name and arguments) is let through when the model issues it again
// in the same session: the store keeps the approval (Review.ToolKey), and a
// session in memory learns it at once.
func (g *Gateway) decideReview(w http.ResponseWriter, r *http.Request) {
	var status store.ReviewStatus
	switch r.PathValue("verdict") {
	case "approve":
		status = store.ReviewApproved
	case "deny":
		status = store.ReviewDenied
	default:
		adminError(w, http.StatusNotFound, "want /admin/reviews/{id}/approve or /deny")
		return
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if b, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10)); len(strings.TrimSpace(string(b))) > 0 {
		if err := json.Unmarshal(b, &body); err != nil {
			adminError(w, http.StatusBadRequest, "body: want {\"reason\": \"...\"}")
			return
		}
	}
	rev, err := g.cfg.Store.DecideReview(r.Context(), r.PathValue("id"), status, body.Reason)
	if err != nil {
		storeError(w, err)
		return
	}
	if key := rev.ToolKey; key != "" {
		if s := g.sessions.lookup(rev.SessionID); s != nil && s.acquire(r.Context()) == nil {
			if status == store.ReviewApproved {
				s.approved[key] = true
			} else {
				s.held[key] = store.ReviewDenied
			}
			s.release()
		}
	}
	g.log.Info("review decided", "review", rev.ID, "session", rev.SessionID, "status", string(rev.Status))
	writeJSON(w, http.StatusOK, rev)
}
