// monitoringcheck validates what "Lease Lens: Generate Monitoring" writes with the real parsers:
// a PrometheusRule (its spec.groups through Prometheus's model/rulefmt, strict, which also parses
// every expr with promql/parser and every label and annotation as an alert template) and a Grafana
// dashboard (strictly decoded into the grafana-foundation-sdk's Dashboard, generated from Grafana's
// own schema, with every panel plugin's options and every Prometheus query checked, then
// Validate()d). It prints what it parsed as JSON — the label matchers of every expression and
// the annotations as Prometheus would expand them — so the test can compare them with the input.
//
//	monitoringcheck <rule.yaml> <dashboard.json>
//
// Exit status 0: both valid; 1: problems (listed in "errors"); 2: usage.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/prometheus/common/model"
	"github.com/prometheus/common/promslog"
	"github.com/prometheus/prometheus/model/rulefmt"
	promqlengine "github.com/prometheus/prometheus/promql"
	"github.com/prometheus/prometheus/promql/parser"
	"github.com/prometheus/prometheus/template"
	"go.yaml.in/yaml/v3"
)

type ruleOut struct {
	Alert         string              `json:"alert"`
	Expr          string              `json:"expr"`
	For           string              `json:"for"`
	KeepFiringFor string              `json:"keepFiringFor"`
	Labels        map[string]string   `json:"labels"`
	Annotations   map[string]string   `json:"annotations"`
	Matchers      map[string][]string `json:"matchers"`
	Metrics       []string            `json:"metrics"`
}

type groupOut struct {
	Name  string    `json:"name"`
	Rules []ruleOut `json:"rules"`
}

type targetOut struct {
	Expr     string              `json:"expr"`
	Matchers map[string][]string `json:"matchers"`
	Metrics  []string            `json:"metrics"`
}

type panelOut struct {
	Type    string      `json:"type"`
	Title   string      `json:"title"`
	Targets []targetOut `json:"targets"`
}

type report struct {
	Kind      string     `json:"kind"`
	Name      string     `json:"name"`
	Namespace string     `json:"namespace"`
	Groups    []groupOut `json:"groups"`
	Dashboard struct {
		Title         string     `json:"title"`
		SchemaVersion uint16     `json:"schemaVersion"`
		Panels        []panelOut `json:"panels"`
	} `json:"dashboard"`
	Errors []string `json:"errors"`
}

// The PrometheusRule custom resource, strictly: nothing but these fields.
type prometheusRule struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name        string            `yaml:"name"`
		Namespace   string            `yaml:"namespace"`
		Labels      map[string]string `yaml:"labels"`
		Annotations map[string]string `yaml:"annotations"`
	} `yaml:"metadata"`
	Spec yaml.Node `yaml:"spec"`
}

var dnsSubdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
var dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

var promql = parser.NewParser(parser.Options{})

func inspect(expr string) (map[string][]string, []string, error) {
	parsed, err := promql.ParseExpr(expr)
	if err != nil {
		return nil, nil, err
	}
	matchers := map[string][]string{}
	metrics := []string{}
	for _, selector := range parser.ExtractSelectors(parsed) {
		for _, m := range selector {
			if m.Name == model.MetricNameLabel {
				metrics = append(metrics, m.Value)
			} else {
				matchers[m.Name] = append(matchers[m.Name], m.Value)
			}
		}
	}
	return matchers, metrics, nil
}

// expand renders an annotation as Prometheus does when the alert fires (no labels, value 0).
func expand(alert, text string) (string, error) {
	defs := "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"
	data := template.AlertTemplateData(map[string]string{}, map[string]string{}, "", promqlengine.Sample{})
	return template.NewTemplateExpander(context.Background(), defs+text, "__alert_"+alert, data, model.Time(time.Now().UnixMilli()), nil, nil, nil).Expand()
}

func checkRule(path string, out *report) {
	raw, err := os.ReadFile(path)
	if err != nil {
		out.Errors = append(out.Errors, err.Error())
		return
	}
	var rule prometheusRule
	decoder := yaml.NewDecoder(strings.NewReader(string(raw)))
	decoder.KnownFields(true)
	if err := decoder.Decode(&rule); err != nil {
		out.Errors = append(out.Errors, "PrometheusRule: "+err.Error())
		return
	}
	out.Kind = rule.Kind
	out.Name = rule.Metadata.Name
	out.Namespace = rule.Metadata.Namespace
	if rule.APIVersion != "monitoring.coreos.com/v1" || rule.Kind != "PrometheusRule" {
		out.Errors = append(out.Errors, fmt.Sprintf("not a monitoring.coreos.com/v1 PrometheusRule: %q %q", rule.APIVersion, rule.Kind))
	}
	if len(rule.Metadata.Name) > 253 || !dnsSubdomain.MatchString(rule.Metadata.Name) {
		out.Errors = append(out.Errors, fmt.Sprintf("metadata.name %q is not a DNS subdomain", rule.Metadata.Name))
	}
	if len(rule.Metadata.Namespace) > 63 || !dnsLabel.MatchString(rule.Metadata.Namespace) {
		out.Errors = append(out.Errors, fmt.Sprintf("metadata.namespace %q is not a DNS label", rule.Metadata.Namespace))
	}
	spec, err := yaml.Marshal(&rule.Spec)
	if err != nil {
		out.Errors = append(out.Errors, "spec: "+err.Error())
		return
	}
	groups, errs := rulefmt.Parse(spec, false, model.UTF8Validation, promql, promslog.NewNopLogger())
	for _, e := range errs {
		out.Errors = append(out.Errors, "rulefmt: "+e.Error())
	}
	if groups == nil {
		return
	}
	if len(groups.Groups) == 0 {
		out.Errors = append(out.Errors, "no rule groups")
	}
	for _, g := range groups.Groups {
		group := groupOut{Name: g.Name, Rules: []ruleOut{}}
		for _, r := range g.Rules {
			matchers, metrics, err := inspect(r.Expr)
			if err != nil {
				out.Errors = append(out.Errors, fmt.Sprintf("%s: %v", r.Alert, err))
			}
			expanded := map[string]string{}
			for k, v := range r.Annotations {
				text, err := expand(r.Alert, v)
				if err != nil {
					out.Errors = append(out.Errors, fmt.Sprintf("%s: annotation %s: %v", r.Alert, k, err))
				}
				expanded[k] = text
			}
			labels := map[string]string{}
			for k, v := range r.Labels {
				text, err := expand(r.Alert, v)
				if err != nil {
					out.Errors = append(out.Errors, fmt.Sprintf("%s: label %s: %v", r.Alert, k, err))
				}
				labels[k] = text
			}
			group.Rules = append(group.Rules, ruleOut{
				Alert: r.Alert, Expr: r.Expr, For: r.For.String(), KeepFiringFor: r.KeepFiringFor.String(),
				Labels: labels, Annotations: expanded, Matchers: matchers, Metrics: metrics,
			})
		}
		out.Groups = append(out.Groups, group)
	}
}

// realError: the SDK returns its error list typed even when empty (a non-nil error holding none).
func realError(err error) error {
	var list cog.BuildErrors
	if errors.As(err, &list) && len(list) == 0 {
		return nil
	}
	return err
}

// Grafana's built-in interval variables, as Grafana replaces them before a query is sent.
var intervalVariables = strings.NewReplacer("$__rate_interval", "1m", "$__interval", "30s", "$__range", "1h")

func checkDashboard(path string, out *report) {
	raw, err := os.ReadFile(path)
	if err != nil {
		out.Errors = append(out.Errors, err.Error())
		return
	}
	plugins.RegisterDefaultPlugins()
	var board dashboard.Dashboard
	if err := realError(board.UnmarshalJSONStrict(raw)); err != nil {
		out.Errors = append(out.Errors, "dashboard: "+err.Error())
		return
	}
	if err := realError(board.Validate()); err != nil {
		out.Errors = append(out.Errors, "dashboard: "+err.Error())
	}
	if board.Title != nil {
		out.Dashboard.Title = *board.Title
	}
	out.Dashboard.SchemaVersion = board.SchemaVersion
	out.Dashboard.Panels = []panelOut{}
	// Each panel strictly on its own: the SDK's panel-or-row wrapper drops a panel whose strict
	// decoding returns its (typed, empty) error list, so panels are decoded here, one by one, with
	// their plugin's options and field config and their Prometheus queries checked.
	var plain struct {
		Panels []json.RawMessage `json:"panels"`
	}
	if err := json.Unmarshal(raw, &plain); err != nil {
		out.Errors = append(out.Errors, "dashboard: "+err.Error())
		return
	}
	if len(plain.Panels) == 0 {
		out.Errors = append(out.Errors, "dashboard: no panels")
	}
	for i, rawPanel := range plain.Panels {
		var p dashboard.Panel
		if err := realError(p.UnmarshalJSONStrict(rawPanel)); err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("panels[%d]: %v", i, err))
			continue
		}
		if err := realError(p.Validate()); err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("panels[%d]: %v", i, err))
		}
		panel := panelOut{Type: p.Type, Targets: []targetOut{}}
		if p.Title != nil {
			panel.Title = *p.Title
		}
		var queries struct {
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		}
		if err := json.Unmarshal(rawPanel, &queries); err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("panels[%d]: %v", i, err))
		}
		for _, t := range queries.Targets {
			expr := intervalVariables.Replace(t.Expr)
			if strings.Contains(expr, "$") {
				out.Errors = append(out.Errors, fmt.Sprintf("panel %q: a '$' Grafana would read as a variable: %s", panel.Title, t.Expr))
			}
			matchers, metrics, err := inspect(expr)
			if err != nil {
				out.Errors = append(out.Errors, fmt.Sprintf("panel %q: %v", panel.Title, err))
			}
			panel.Targets = append(panel.Targets, targetOut{Expr: t.Expr, Matchers: matchers, Metrics: metrics})
		}
		out.Dashboard.Panels = append(out.Dashboard.Panels, panel)
	}
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: monitoringcheck <rule.yaml> <dashboard.json>")
		os.Exit(2)
	}
	out := report{Errors: []string{}, Groups: []groupOut{}}
	checkRule(os.Args[1], &out)
	checkDashboard(os.Args[2], &out)
	encoded, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println(string(encoded))
	if len(out.Errors) > 0 {
		os.Exit(1)
	}
}
