package org.osbuildj.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.osbuildj.core.event.BuildTimeline.Outcome;
import org.osbuildj.core.event.BuildTimeline.Span;

/**
 * Draws a build's {@link BuildTimeline} as a standalone SVG picture: one row per step and source, a
 * bar from its start to its end on a shared time axis, coloured by what became of it (ran, taken
 * from the store, failed), so that a person sees where the build spent its time. Hovering a bar
 * shows its exact figures. The same spans always give the same bytes.
 */
public final class TimelineSvg {
  private static final int WIDTH = 960;
  private static final int LABEL_WIDTH = 340;
  private static final int CHART_LEFT = LABEL_WIDTH + 10;
  private static final int CHART_WIDTH = WIDTH - CHART_LEFT - 80;
  private static final int TOP = 56;
  private static final int ROW = 22;
  private static final int BAR = 14;
  private static final int LABEL_CHARACTERS = 52;

  private TimelineSvg() {}

  /** The picture of a build so far, its time axis starting with the build's first event. */
  public static String render(BuildTimeline timeline) {
    Instant now = Instant.now();
    List<Span> spans = timeline.spans(now);
    return render(spans, timeline.start().orElse(now));
  }

  /** The picture of these spans, on a time axis starting at {@code origin}. */
  public static String render(List<Span> spans, Instant origin) {
    Instant last = spans.stream().map(Span::end).max(Instant::compareTo).orElse(origin);
    double total = seconds(Duration.between(origin, last));
    double axisEnd = niceCeiling(Math.max(total, 0.001));
    int height = TOP + Math.max(1, spans.size()) * ROW + 48;

    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    svg.append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Build timeline: ")
        .append(format(total))
        .append(" s, ")
        .append(count(spans, Outcome.RAN) + count(spans, Outcome.FAILED))
        .append(" ran, ")
        .append(count(spans, Outcome.CACHED))
        .append(" from the store</text>\n");
    legend(svg);
    axis(svg, axisEnd, TOP + Math.max(1, spans.size()) * ROW);
    int row = 0;
    for (Span span : spans) {
      row(svg, span, origin, axisEnd, TOP + row * ROW);
      row++;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static long count(List<Span> spans, Outcome outcome) {
    return spans.stream().filter(s -> s.outcome() == outcome).count();
  }

  private static void legend(StringBuilder svg) {
    int x = 10;
    for (Outcome outcome : Outcome.values()) {
      svg.append("<rect x=\"")
          .append(x)
          .append("\" y=\"32\" width=\"10\" height=\"10\" fill=\"")
          .append(colour(outcome))
          .append("\"/><text x=\"")
          .append(x + 14)
          .append("\" y=\"41\">")
          .append(words(outcome))
          .append("</text>\n");
      x += 24 + 7 * words(outcome).length();
    }
  }

  private static void axis(StringBuilder svg, double axisEnd, int bottom) {
    double step = niceCeiling(axisEnd / 8);
    for (double t = 0; t <= axisEnd + step / 1000; t += step) {
      double x = CHART_LEFT + t / axisEnd * CHART_WIDTH;
      svg.append("<line x1=\"")
          .append(format(x))
          .append("\" y1=\"")
          .append(TOP - 4)
          .append("\" x2=\"")
          .append(format(x))
          .append("\" y2=\"")
          .append(bottom)
          .append("\" stroke=\"#dddddd\"/>")
          .append("<text x=\"")
          .append(format(x))
          .append("\" y=\"")
          .append(bottom + 16)
          .append("\" text-anchor=\"middle\" fill=\"#555555\">")
          .append(format(t))
          .append(" s</text>\n");
    }
  }

  private static void row(StringBuilder svg, Span span, Instant origin, double axisEnd, int y) {
    double from = seconds(Duration.between(origin, span.start()));
    double length = seconds(span.duration());
    double x = CHART_LEFT + from / axisEnd * CHART_WIDTH;
    // A step taken from the store takes no time; it still gets a mark one can see and point at.
    double width = Math.max(3, length / axisEnd * CHART_WIDTH);
    String label = span.pipeline() + ": " + span.label();
    svg.append("<g><title>")
        .append(XmlText.escape(label))
        .append(": ")
        .append(words(span.outcome()))
        .append(", ")
        .append(format(length))
        .append(" s, from ")
        .append(format(from))
        .append(" s</title>");
    svg.append("<text x=\"")
        .append(LABEL_WIDTH)
        .append("\" y=\"")
        .append(y + BAR - 3)
        .append("\" text-anchor=\"end\">")
        .append(XmlText.escape(shorten(label)))
        .append("</text>");
    svg.append("<rect x=\"")
        .append(format(x))
        .append("\" y=\"")
        .append(y)
        .append("\" width=\"")
        .append(format(width))
        .append("\" height=\"")
        .append(BAR)
        .append("\" fill=\"")
        .append(colour(span.outcome()))
        .append("\"/>");
    svg.append("<text x=\"")
        .append(format(x + width + 4))
        .append("\" y=\"")
        .append(y + BAR - 3)
        .append("\" fill=\"#333333\">")
        .append(span.outcome() == Outcome.CACHED ? "cached" : format(length) + " s")
        .append("</text></g>\n");
  }

  static String colour(Outcome outcome) {
    return switch (outcome) {
      case RAN -> "#4c78a8";
      case CACHED -> "#54a24b";
      case FAILED -> "#e45756";
      case UNFINISHED -> "#f58518";
      case FETCHED -> "#9d755d";
      case SOURCE_CACHED -> "#bab0ac";
    };
  }

  static String words(Outcome outcome) {
    return switch (outcome) {
      case RAN -> "ran";
      case CACHED -> "from the store";
      case FAILED -> "failed";
      case UNFINISHED -> "interrupted";
      case FETCHED -> "source fetched";
      case SOURCE_CACHED -> "source in the store";
    };
  }

  /** The smallest of 1, 2 and 5 times a power of ten that is at least {@code value}. */
  static double niceCeiling(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double factor : new double[] {1, 2, 5, 10}) {
      if (factor * power >= value * (1 - 1e-9)) return factor * power;
    }
    return 10 * power;
  }

  private static String shorten(String label) {
    if (label.codePointCount(0, label.length()) <= LABEL_CHARACTERS) return label;
    int end = label.offsetByCodePoints(0, LABEL_CHARACTERS - 1);
    return label.substring(0, end) + "\u2026";
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static String format(double value) {
    if (Math.abs(value - Math.rint(value)) < 1e-9) return Long.toString(Math.round(value));
    return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
  }
}
