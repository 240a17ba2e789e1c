package org.osbuildj.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.event.BuildTimeline.Outcome;
import org.osbuildj.core.event.BuildTimeline.Span;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class BuildTimelineTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

  private static StepRef stage(String pipeline, int index, String name) {
    return new StepRef(pipeline, StepRef.Kind.STAGE, index, 3, name, "id-" + pipeline + index);
  }

  private static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  private static BuildTimeline buildWithACachedARunAndAFailedStep() {
    BuildTimeline timeline = new BuildTimeline();
    StepRef first = stage("tree", 1, "org.osbuild.mmdebstrap");
    StepRef second = stage("tree", 2, "org.osbuild.hostname");
    StepRef third = stage("tree", 3, "org.osbuild.script");
    timeline.onEvent(new BuildEvent.PipelineStarted(at(0), "tree", 3, 1));
    timeline.onEvent(new BuildEvent.StepFinished(at(0.5), first, Duration.ZERO, true));
    timeline.onEvent(new BuildEvent.StepStarted(at(1), second));
    timeline.onEvent(new BuildEvent.StepLog(at(2), second, "a line"));
    timeline.onEvent(new BuildEvent.StepFinished(at(11), second, Duration.ofSeconds(10), false));
    timeline.onEvent(new BuildEvent.StepStarted(at(12), third));
    timeline.onEvent(
        new BuildEvent.StepFailed(
            at(14.5), third, Duration.ofMillis(2500), "exit 1", Optional.of(1), List.of()));
    return timeline;
  }

  @Test
  void everyStepBecomesASpanWithWhatBecameOfItInTheOrderTheyStarted() {
    List<Span> spans = buildWithACachedARunAndAFailedStep().spans(at(20));

    assertThat(spans)
        .containsExactly(
            new Span("tree", "stage 1/3 org.osbuild.mmdebstrap", at(0.5), at(0.5), Outcome.CACHED),
            new Span("tree", "stage 2/3 org.osbuild.hostname", at(1), at(11), Outcome.RAN),
            new Span("tree", "stage 3/3 org.osbuild.script", at(12), at(14.5), Outcome.FAILED));
    assertThat(spans.get(1).duration()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aStepStillRunningWhenTheTimelineIsReadIsShownAsInterruptedUpToThen() {
    BuildTimeline timeline = new BuildTimeline();
    StepRef step = stage("build", 1, "org.osbuild.apt");
    timeline.onEvent(new BuildEvent.StepStarted(at(3), step));

    assertThat(timeline.spans(at(7)))
        .containsExactly(
            new Span("build", "stage 1/3 org.osbuild.apt", at(3), at(7), Outcome.UNFINISHED));
    assertThat(timeline.start()).contains(at(3));
  }

  @Test
  void aFetchedSourceSpansItsDownloadAndACachedOneIsAMoment() {
    BuildTimeline timeline = new BuildTimeline();
    timeline.onEvent(
        new BuildEvent.SourceFetched(
            at(4),
            "org.osbuild.files",
            "sha256:aa",
            "http://h/a",
            10,
            Duration.ofSeconds(3),
            false));
    timeline.onEvent(
        new BuildEvent.SourceFetched(
            at(5), "org.osbuild.files", "sha256:bb", "http://h/b", 10, Duration.ZERO, true));

    assertThat(timeline.spans(at(9)))
        .containsExactly(
            new Span("sources", "http://h/a", at(1), at(4), Outcome.FETCHED),
            new Span("sources", "http://h/b", at(5), at(5), Outcome.SOURCE_CACHED));
  }

  @Test
  void thePictureIsWellFormedSvgWithOneBarPerSpanScaledToTheirDurations() throws Exception {
    String svg = TimelineSvg.render(buildWithACachedARunAndAFailedStep().spans(at(20)), T0);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    List<Element> bars = barsOf(doc);
    assertThat(bars).hasSize(3);
    assertThat(bars)
        .extracting(bar -> bar.getAttribute("fill"))
        .containsExactly(
            TimelineSvg.colour(Outcome.CACHED),
            TimelineSvg.colour(Outcome.RAN),
            TimelineSvg.colour(Outcome.FAILED));
    double ran = Double.parseDouble(bars.get(1).getAttribute("width"));
    double failed = Double.parseDouble(bars.get(2).getAttribute("width"));
    assertThat(ran / failed).isCloseTo(10 / 2.5, org.assertj.core.data.Offset.offset(0.01));
    assertThat(svg)
        .contains("Build timeline: 14.5 s, 2 ran, 1 from the store")
        .contains("tree: stage 2/3 org.osbuild.hostname: ran, 10 s, from 1 s");
  }

  @Test
  void namesFromTheManifestCannotBreakThePicture() throws Exception {
    BuildTimeline timeline = new BuildTimeline();
    StepRef step = stage("tree", 1, "org.x\u0001<script>&\"\ud800");
    timeline.onEvent(new BuildEvent.StepStarted(at(0), step));
    timeline.onEvent(new BuildEvent.StepFinished(at(1), step, Duration.ofSeconds(1), false));

    String svg = TimelineSvg.render(timeline.spans(at(1)), T0);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

    assertThat(doc.getDocumentElement().getTextContent())
        .contains("stage 1/3 org.x\uFFFD<script>&\"\uFFFD");
    assertThat(svg).doesNotContain("<script>");
  }

  @Test
  void theTimeAxisEndsAtARoundNumber() {
    assertThat(TimelineSvg.niceCeiling(14.5)).isEqualTo(20);
    assertThat(TimelineSvg.niceCeiling(3)).isEqualTo(5);
    assertThat(TimelineSvg.niceCeiling(0.7)).isEqualTo(1);
    assertThat(TimelineSvg.niceCeiling(100)).isEqualTo(100);
  }

  private static List<Element> barsOf(Document doc) {
    List<Element> bars = new ArrayList<>();
    NodeList groups = doc.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      bars.add((Element) ((Element) groups.item(i)).getElementsByTagName("rect").item(0));
    }
    return bars;
  }
}
