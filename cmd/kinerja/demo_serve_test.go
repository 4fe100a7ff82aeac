package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// kinerja demo serve answers with the token from KINERJA_FEED_TOKEN, and
// stops on interrupt (the context).
func TestDemoServe(t *testing.T) {
	t.Setenv("KINERJA_FEED_TOKEN", "uji-token")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo", "serve", "--addr", "127.0.0.1:0", "--scale", "0.05", "--from", "2025-03-01", "--log-level", "warn"}, pw, &stderr)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	if !sc.Scan() {
		t.Fatalf("no output; stderr: %s", stderr.String())
	}
	first := sc.Text()
	m := regexp.MustCompile(`^e-Kinerja demo feed on (http://127\.0\.0\.1:\d+) \(seed 1, scale 0\.05, activity from 2025-03-01\)$`).FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("first line %q", first)
	}
	go io.Copy(io.Discard, pr)
	for _, tc := range []struct {
		token  string
		status int
	}{{"", 401}, {"demo-ekinerja", 401}, {"uji-token", 200}} {
		req, _ := http.NewRequest("GET", m[1]+"/api/v1/units?limit=3", nil)
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Data       []map[string]any `json:"data"`
			NextCursor *string          `json:"next_cursor"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Fatalf("token %q: %d, want %d", tc.token, resp.StatusCode, tc.status)
		}
		if tc.status == 200 && (err != nil || len(page.Data) != 3 || page.NextCursor == nil) {
			t.Fatalf("page of %d units, cursor %v, error %v", len(page.Data), page.NextCursor, err)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not stop on interrupt")
	}
}

func TestDemoServeUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"fail rate above 1", []string{"--fail-rate", "2"}, "fail rate 2"},
		{"rates above 1 together", []string{"--fail-rate", "0.7", "--truncate-rate", "0.5"}, "together"},
		{"bad from", []string{"--from", "kemarin"}, `--from "kemarin"`},
		{"stray argument", []string{"now"}, "unexpected arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"demo", "serve", "--addr", "127.0.0.1:0"}, tc.args...)...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q: want 2 and %q", code, stderr, tc.want)
			}
		})
	}
}
