package org.osbuildj.examples.bench;

import java.util.List;
import java.util.Locale;
import org.osbuildj.core.event.XmlText;

/**
 * A few SVG shapes written in order into one picture; the same calls always give the same bytes.
 */
final class SvgCanvas {
  private final int width;
  private final int height;
  private final StringBuilder body = new StringBuilder();

  SvgCanvas(int width, int height) {
    this.width = width;
    this.height = height;
  }

  SvgCanvas rect(double x, double y, double w, double h, String fill, String title) {
    body.append("<rect x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" width=\"")
        .append(n(w))
        .append("\" height=\"")
        .append(n(h))
        .append("\" fill=\"")
        .append(fill)
        .append('"');
    return closeWithTitle("rect", title);
  }

  SvgCanvas circle(double x, double y, double r, String fill, String title) {
    body.append("<circle cx=\"")
        .append(n(x))
        .append("\" cy=\"")
        .append(n(y))
        .append("\" r=\"")
        .append(n(r))
        .append("\" fill=\"")
        .append(fill)
        .append('"');
    return closeWithTitle("circle", title);
  }

  SvgCanvas line(double x1, double y1, double x2, double y2, String stroke, boolean dashed) {
    body.append("<line x1=\"")
        .append(n(x1))
        .append("\" y1=\"")
        .append(n(y1))
        .append("\" x2=\"")
        .append(n(x2))
        .append("\" y2=\"")
        .append(n(y2))
        .append("\" stroke=\"")
        .append(stroke)
        .append('"')
        .append(dashed ? " stroke-dasharray=\"5,4\"" : "")
        .append("/>\n");
    return this;
  }

  SvgCanvas polyline(List<double[]> points, String stroke, boolean dashed) {
    body.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
        .append(stroke)
        .append(dashed ? "\" stroke-dasharray=\"6,4" : "")
        .append("\" points=\"");
    for (double[] point : points)
      body.append(n(point[0])).append(',').append(n(point[1])).append(' ');
    body.append("\"/>\n");
    return this;
  }

  /** Text at (x, y); {@code anchor} is start, middle or end. */
  SvgCanvas text(double x, double y, String text, String anchor, int size, String fill) {
    body.append("<text x=\"")
        .append(n(x))
        .append("\" y=\"")
        .append(n(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\" font-size=\"")
        .append(size)
        .append("\" fill=\"")
        .append(fill)
        .append("\">")
        .append(XmlText.escape(text))
        .append("</text>\n");
    return this;
  }

  String render() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + width
        + "\" height=\""
        + height
        + "\" viewBox=\"0 0 "
        + width
        + " "
        + height
        + "\" font-family=\"sans-serif\">\n"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        + body
        + "</svg>\n";
  }

  private SvgCanvas closeWithTitle(String element, String title) {
    if (title == null) {
      body.append("/>\n");
    } else {
      body.append("><title>")
          .append(XmlText.escape(title))
          .append("</title></")
          .append(element)
          .append(">\n");
    }
    return this;
  }

  static String n(double value) {
    if (Math.abs(value - Math.rint(value)) < 1e-9) return Long.toString(Math.round(value));
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
