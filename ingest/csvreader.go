package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"unicode/utf8"
)

// csvReader splits CSV text into records exactly as encoding/csv's Reader
// does with FieldsPerRecord -1, ReuseRecord, no comment character, no
// lazy quotes and no trimming of leading space: the same cells, the same
// lines skipped, the same *csv.ParseError (StartLine, Line, Column, Err)
// with the cells read before it, the same line for every cell (FieldPos).
// TestCSVReaderMatchesEncodingCSV and FuzzCSVReader hold it to that.
//
// It exists for speed (an import spends much of its time splitting): a
// line without a quote, the common case, is split where it lies in the
// reader's buffer with one string allocated for all its cells and no
// per-cell bookkeeping; only lines with quotes go through the
// character-by-character rules, and only they track cell positions.
type csvReader struct {
	r       *bufio.Reader
	comma   rune
	sep     []byte // comma, UTF-8 encoded
	numLine int    // physical lines read
	raw     []byte // a line longer than the buffer

	record []string // the cells, reused by the next call
	buf    []byte   // the unquoted cells' bytes (quoted path)
	ends   []int    // each cell's end in buf (quoted path)
	pos    []csvPos // each cell's start (quoted path); nil after the fast path
	line   int      // the line the record starts on
	str    string   // the record's cells in one string, after the fast path
}

type csvPos struct{ line, col int }

func newCSVReader(r *bufio.Reader, comma rune) *csvReader {
	return &csvReader{r: r, comma: comma, sep: utf8.AppendRune(nil, comma)}
}

// readLine is encoding/csv's readLine: the next physical line with "\r\n"
// normalised to "\n", and a "\r" right before the end of input dropped.
func (c *csvReader) readLine() ([]byte, error) {
	line, err := c.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		c.raw = append(c.raw[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = c.r.ReadSlice('\n')
			c.raw = append(c.raw, line...)
		}
		line = c.raw
	}
	n := len(line)
	if n > 0 && err == io.EOF {
		err = nil
		if line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	c.numLine++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

// fieldLine is the line cell i of the last record starts on.
func (c *csvReader) fieldLine(i int) int {
	if c.pos == nil {
		return c.line
	}
	return c.pos[i].line
}

// read returns the next record's cells (reused by the next call) or an
// error: io.EOF after the last record, a *csv.ParseError with the cells
// read before the problem, or the input's read error.
func (c *csvReader) read() ([]string, error) {
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = c.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			continue // skip empty lines
		}
		break
	}
	if errRead == io.EOF {
		return nil, errRead
	}
	c.line = c.numLine
	if len(c.sep) == 1 {
		body := line[:len(line)-lengthNL(line)]
		if bytes.IndexByte(line, '"') < 0 {
			c.pos = nil
			c.split(body)
			return c.record, errRead
		}
		if c.splitQuoted(body) {
			c.pos = nil
			return c.record, errRead
		}
	}
	return c.readQuoted(line, errRead)
}

// invalidUTF8 returns the index of the first cell of the last record that
// is not valid UTF-8, or -1.
func (c *csvReader) invalidUTF8() int {
	// After the fast path the cells and their one-byte separators make up
	// str: str is valid exactly when every cell is (an ASCII byte never
	// sits inside a multi-byte sequence). After the quoted path two
	// invalid cells may join into a valid sequence: check each.
	if c.pos == nil && utf8.ValidString(c.str) {
		return -1
	}
	for i, cell := range c.record {
		if !utf8.ValidString(cell) {
			return i
		}
	}
	return -1
}

// split cuts a line without quotes at every separator.
func (c *csvReader) split(line []byte) {
	s := string(line)
	c.str = s
	sep := c.sep[0]
	cells := c.record[:0]
	for {
		i := indexByteString(s, sep)
		if i < 0 {
			break
		}
		cells = append(cells, s[:i])
		s = s[i+1:]
	}
	c.record = append(cells, s)
}

// splitQuoted splits a line with quotes when every quoted cell is closed
// on the line, holds no doubled quote and is followed by a separator or
// the end of the line, and no other cell holds a quote: its cells are
// then slices of the line, as in split. It returns false, having changed
// nothing the caller relies on, for any other line (readQuoted's rules
// and errors apply to it).
func (c *csvReader) splitQuoted(line []byte) bool {
	s := string(line)
	sep := c.sep[0]
	cells := c.record[:0]
	for i := 0; ; {
		if i < len(s) && s[i] == '"' {
			j := indexByteString(s[i+1:], '"')
			if j < 0 {
				return false // the cell goes on on the next line, or is not closed
			}
			end := i + 1 + j
			cells = append(cells, s[i+1:end])
			switch {
			case end+1 == len(s):
				c.record, c.str = cells, s
				return true
			case s[end+1] != sep:
				return false // a doubled quote, or text after the closing quote
			}
			i = end + 2
			continue
		}
		j := indexByteString(s[i:], sep)
		if j < 0 {
			if indexByteString(s[i:], '"') >= 0 {
				return false // a quote inside an unquoted cell
			}
			c.record, c.str = append(cells, s[i:]), s
			return true
		}
		if indexByteString(s[i:i+j], '"') >= 0 {
			return false
		}
		cells = append(cells, s[i:i+j])
		i += j + 1
	}
}

// indexByteString is strings.IndexByte for short cells, where a plain
// loop beats the call.
func indexByteString(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

// index finds the separator in b.
func (c *csvReader) index(b []byte) int {
	if len(c.sep) == 1 {
		return bytes.IndexByte(b, c.sep[0])
	}
	return bytes.Index(b, c.sep)
}

// readQuoted is encoding/csv's readRecord from the first line on.
func (c *csvReader) readQuoted(line []byte, errRead error) ([]string, error) {
	var err error
	const quoteLen = len(`"`)
	commaLen := len(c.sep)
	recLine := c.numLine
	c.buf, c.ends = c.buf[:0], c.ends[:0]
	if c.pos == nil {
		c.pos = make([]csvPos, 0, 16)
	}
	c.pos = c.pos[:0]
	pos := csvPos{line: c.numLine, col: 1}
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			// Non-quoted cell.
			i := c.index(line)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				err = &csv.ParseError{StartLine: recLine, Line: c.numLine, Column: pos.col + j, Err: csv.ErrBareQuote}
				break parseField
			}
			c.buf = append(c.buf, field...)
			c.ends = append(c.ends, len(c.buf))
			c.pos = append(c.pos, pos)
			if i >= 0 {
				line = line[i+commaLen:]
				pos.col += i + commaLen
				continue parseField
			}
			break parseField
		}
		// Quoted cell.
		fieldPos := pos
		line = line[quoteLen:]
		pos.col += quoteLen
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				c.buf = append(c.buf, line[:i]...)
				line = line[i+quoteLen:]
				pos.col += i + quoteLen
				switch rn, _ := utf8.DecodeRune(line); {
				case rn == '"': // "" is a quote
					c.buf = append(c.buf, '"')
					line = line[quoteLen:]
					pos.col += quoteLen
				case rn == c.comma: // ", ends the cell
					line = line[commaLen:]
					pos.col += commaLen
					c.ends = append(c.ends, len(c.buf))
					c.pos = append(c.pos, fieldPos)
					continue parseField
				case lengthNL(line) == len(line): // "\n ends the record
					c.ends = append(c.ends, len(c.buf))
					c.pos = append(c.pos, fieldPos)
					break parseField
				default: // a quote followed by anything else
					err = &csv.ParseError{StartLine: recLine, Line: c.numLine, Column: pos.col - quoteLen, Err: csv.ErrQuote}
					break parseField
				}
			case len(line) > 0: // the cell goes on on the next line
				c.buf = append(c.buf, line...)
				if errRead != nil {
					break parseField
				}
				pos.col += len(line)
				line, errRead = c.readLine()
				if len(line) > 0 {
					pos.line++
					pos.col = 1
				}
				if errRead == io.EOF {
					errRead = nil
				}
			default: // the input ends inside the quotes
				if errRead == nil {
					err = &csv.ParseError{StartLine: recLine, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}
					break parseField
				}
				c.ends = append(c.ends, len(c.buf))
				c.pos = append(c.pos, fieldPos)
				break parseField
			}
		}
	}
	if err == nil {
		err = errRead
	}
	s := string(c.buf)
	cells := c.record[:0]
	prev := 0
	for _, end := range c.ends {
		cells = append(cells, s[prev:end])
		prev = end
	}
	c.record = cells
	return cells, err
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}
