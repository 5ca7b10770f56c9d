package grounding

import "strings"

// urlRef is a URL of a text: its span and its keys (see urlKeys).
type urlRef struct {
	start, end int
	host, full uint64
}

// appendURLs appends the URLs of s (see eachURL) to dst.
func appendURLs(s string, dst []urlRef) []urlRef {
	www := strings.Contains(s, "www.")
	if !www && indexScheme(s, 0) < 0 {
		return dst
	}
	eachURL(s, www, func(start, end int) {
		host, full := urlKeys(s[start:end])
		dst = append(dst, urlRef{start: start, end: end, host: host, full: full})
	})
	return dst
}

// eachURL calls fn with the span of every URL-like substring of s
// (http(s):// or www.), in order. It looks for "://" (rare in text, unlike
// the letter h) and for "www." only when s has one (www).
func eachURL(s string, www bool, fn func(start, end int)) {
	for i := 0; i < len(s); {
		start := -1
		if j := indexScheme(s, i); j >= 0 {
			switch {
			case j >= 5 && s[j-5:j] == "https":
				start = j - 5
			case j >= 4 && s[j-4:j] == "http":
				start = j - 4
			}
			if start < 0 || start < i {
				if www {
					if k := strings.Index(s[i:j], "www."); k >= 0 {
						i = emitURL(s, i+k, fn)
						continue
					}
				}
				i = j + 3
				continue
			}
		}
		if www {
			lim := len(s)
			if start >= 0 {
				lim = start
			}
			if k := strings.Index(s[i:lim], "www."); k >= 0 {
				i = emitURL(s, i+k, fn)
				continue
			}
		}
		if start < 0 {
			return
		}
		i = emitURL(s, start, fn)
	}
}

// indexScheme returns the index of the first "://" of s at or after i, or
// -1: strings.Index(s[i:], "://") + i, looking for the rare ':' alone.
func indexScheme(s string, i int) int {
	for i < len(s) {
		j := strings.IndexByte(s[i:], ':')
		if j < 0 {
			return -1
		}
		j += i
		if j+2 < len(s) && s[j+1] == '/' && s[j+2] == '/' {
			return j
		}
		i = j + 1
	}
	return -1
}

// emitURL calls fn with the span of the URL starting at s[start] and
// returns its end.
func emitURL(s string, start int, fn func(start, end int)) int {
	end := start
	for uint(end) < uint(len(s)) && !urlStop[s[end]] {
		end++
	}
	u := s[start:end]
	for len(u) > 0 && urlTrail[u[len(u)-1]] {
		u = u[:len(u)-1] // strings.TrimRight(u, ".,;:!?*") without building its set
	}
	if len(u) > 10 {
		fn(start, start+len(u))
	}
	return max(end, start+4)
}

// urlTrail marks the punctuation trimmed from the end of a URL.
var urlTrail = func() (t [256]bool) {
	for _, c := range []byte(".,;:!?*") {
		t[c] = true
	}
	return
}()

// urlStop marks the bytes that end a URL.
var urlStop = func() (t [256]bool) {
	for _, c := range []byte(" \t\n\r\"'<>()[]{}`|") {
		t[c] = true
	}
	return
}()

// urlKeys returns hashes of a URL's host and of the whole URL, normalized
// (scheme, "www." and a trailing slash dropped, lower-cased).
func urlKeys(u string) (host, full uint64) {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	for len(u) > 0 && u[len(u)-1] == '/' {
		u = u[:len(u)-1] // strings.TrimRight(u, "/") without its call
	}
	// The host is the hash state at the first '/', or the whole.
	h := uint64(fnvOffset)
	i := 0
	for ; i < len(u) && u[i] != '/'; i++ {
		h = (h ^ uint64(lowerByte[u[i]])) * fnvPrime
	}
	host = h | 1
	for ; i < len(u); i++ {
		h = (h ^ uint64(lowerByte[u[i]])) * fnvPrime
	}
	return host, h | 1
}
