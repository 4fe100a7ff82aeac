package dashboards

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"runtime/debug"
	"sync"

	"kinerja/warehouse"
)

// A widget is one block of a page: data from analytics, a chart (ECharts
// options built with go-echarts) and a table of the same numbers. A page is
// a list of widgets; they load concurrently, each behind its own error
// boundary, so one failing query or one panicking chart shows an inline
// error box and never a broken page.
type widget struct {
	ID    string // DOM id and the log_comment of its queries
	Title string
	Wide  bool // spans the whole page width
	// Load fetches the data and builds the view; it runs in its own
	// goroutine and may panic (recovered).
	Load func(ctx context.Context) (widgetView, error)
}

// widgetView is what a widget shows.
type widgetView struct {
	Cards  []card     // headline numbers (the summary)
	Chart  *chartSpec // nil: no chart
	Table  *table     // the numbers behind the chart
	Notes  []string   // short notes under the chart (legend, rules)
	NoData bool       // nothing to show for this selection
}

// card is one headline number.
type card struct {
	Label, Value, Sub string
	Mutu              string // A–D colours the card
	Text              bool   // Value is words, not a number: smaller type
}

// table is the tabular view of a widget's data.
type table struct {
	Head    []string
	Numeric []bool // right-aligned columns
	Rows    [][]cell
}

type cell struct {
	Text  string
	Href  string // a link to the page of that group
	Mutu  string // A–D: a coloured badge
	Class string // extra CSS class (e.g. "weak")
}

// renderedWidget is a widget after loading: its HTML or its error.
type renderedWidget struct {
	ID, Title string
	Wide      bool
	HTML      template.HTML
	Failed    bool
	RequestID string
}

// widgetPanicError is a panic recovered at the widget boundary.
type widgetPanicError struct {
	value any
	stack []byte
}

func (e *widgetPanicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

// loadWidgets loads every widget concurrently and renders each into HTML
// with tpl's "widget" template. A widget whose Load returns an error or
// panics, or whose chart or template fails, comes back Failed; the error is
// logged with the request id, the page shows a short inline message.
func (s *server) loadWidgets(ctx context.Context, tpl *template.Template, l Lang, requestID string, ws []widget) []renderedWidget {
	out := make([]renderedWidget, len(ws))
	var wg sync.WaitGroup
	for i, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = s.loadWidget(ctx, tpl, l, requestID, w)
		}()
	}
	wg.Wait()
	return out
}

func (s *server) loadWidget(ctx context.Context, tpl *template.Template, l Lang, requestID string, w widget) (rw renderedWidget) {
	rw = renderedWidget{ID: w.ID, Title: w.Title, Wide: w.Wide, RequestID: requestID}
	defer func() {
		if v := recover(); v != nil {
			err := &widgetPanicError{value: v, stack: debug.Stack()}
			s.log.ErrorContext(ctx, "widget panicked", "widget", w.ID, "request_id", requestID, "err", err, "stack", string(err.stack))
			rw = renderedWidget{ID: w.ID, Title: w.Title, Wide: w.Wide, Failed: true, RequestID: requestID}
		}
	}()
	fail := func(err error) renderedWidget {
		s.log.ErrorContext(ctx, "widget failed", "widget", w.ID, "request_id", requestID, "err", err)
		return renderedWidget{ID: w.ID, Title: w.Title, Wide: w.Wide, Failed: true, RequestID: requestID}
	}
	wctx := warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "dashboards." + w.ID})
	v, err := w.Load(wctx)
	if err != nil {
		return fail(fmt.Errorf("widget %s: %w", w.ID, err))
	}
	data := widgetData{ID: w.ID, L: l, View: v}
	if v.Chart != nil && !v.NoData {
		b, err := v.Chart.marshal()
		if err != nil {
			return fail(fmt.Errorf("widget %s: chart options: %w", w.ID, err))
		}
		data.Chart = template.JS(b)
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "widget", data); err != nil {
		return fail(fmt.Errorf("widget %s: template: %w", w.ID, err))
	}
	rw.HTML = template.HTML(buf.String())
	return rw
}

// widgetData is what the "widget" template sees.
type widgetData struct {
	ID    string
	L     Lang
	View  widgetView
	Chart template.JS // the chartSpec as JSON, for a <script type="application/json"> block
}

// chartSpec is one chart as the page's script gets it: ECharts options
// (plain data built with go-echarts, no JavaScript functions in them),
// the link each data item opens when clicked, and the chart's height.
type chartSpec struct {
	Option map[string]any `json:"option"`
	Links  []string       `json:"links,omitempty"` // per data index of the first series
	Height int            `json:"height"`          // px
}

// marshal encodes the spec. encoding/json escapes <, > and &, so the result
// is safe inside a <script type="application/json"> element.
func (c *chartSpec) marshal() ([]byte, error) {
	return json.Marshal(c)
}
