package warehouse

import (
	"syscall"
	"unsafe"
)

// crashSignals are the signals libchdb takes over when it loads or connects.
// With its handlers in place a Go nil dereference hangs for minutes instead of
// panicking (see DESIGN.md), so Go's own handlers are put back afterwards.
var crashSignals = []syscall.Signal{
	syscall.SIGSEGV, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGILL, syscall.SIGABRT,
	syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGPIPE,
}

// kernelSigaction is struct sigaction as the rt_sigaction system call takes it
// on linux/amd64 and linux/arm64.
type kernelSigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

type signalHandlers struct {
	saved [len64]kernelSigaction
	ok    [len64]bool
}

const len64 = 65

func (s *signalHandlers) save() {
	for _, sig := range crashSignals {
		var old kernelSigaction
		_, _, errno := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), 0,
			uintptr(unsafe.Pointer(&old)), 8, 0, 0)
		if errno == 0 {
			s.saved[sig], s.ok[sig] = old, true
		}
	}
}

func (s *signalHandlers) restore() {
	for _, sig := range crashSignals {
		if !s.ok[sig] {
			continue
		}
		act := s.saved[sig]
		syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig),
			uintptr(unsafe.Pointer(&act)), 0, 8, 0, 0)
	}
}
