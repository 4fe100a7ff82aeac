package ingest

import (
	"fmt"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// The key set finds what was added, confirms a hash match against the
// key's bytes, and keeps keys whose hash is taken by another key apart.
func TestKeySet(t *testing.T) {
	s := newKeySet()
	for i := 0; i < 10_000; i++ {
		k := fmt.Sprintf("R%05d", i)
		if _, ok := s.get(k); ok {
			t.Fatalf("%s found before it was added", k)
		}
		s.add(k, lineRef{file: i % 3, line: i + 2})
	}
	for i := 0; i < 10_000; i++ {
		at, ok := s.get(fmt.Sprintf("R%05d", i))
		if !ok || at.line != i+2 || at.file != i%3 {
			t.Fatalf("R%05d: %+v %v", i, at, ok)
		}
	}
	// Make "B" collide with "A": its hash points at A's bytes.
	s.add("A", lineRef{line: 1})
	s.byHash[xxhash.Sum64String("B")] = s.byHash[xxhash.Sum64String("A")]
	if _, ok := s.get("B"); ok {
		t.Fatal("B found through A's hash")
	}
	s.add("B", lineRef{line: 2})
	if at, ok := s.get("B"); !ok || at.line != 2 {
		t.Errorf("B = %+v %v after a collision", at, ok)
	}
	if at, ok := s.get("A"); !ok || at.line != 1 {
		t.Errorf("A = %+v %v", at, ok)
	}
}
