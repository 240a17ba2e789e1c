package org.osbuildj.core.stages;

import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.tree.Tree;

/**
 * {@code org.osbuild.locale}: sets the image's default locale, as {@code LANG=<language>} in {@code
 * /etc/locale.conf} (read by systemd, as osbuild writes it) and in Debian's {@code
 * /etc/default/locale} (read by PAM), and makes sure the locale exists: when the tree has Debian's
 * {@code /etc/locale.gen}, the locale is enabled there (see {@link LocaleGen}), and when it also
 * has {@code locale-gen}, that is run chrooted in the tree. Built-in locales ({@code C}, {@code
 * C.UTF-8}, {@code POSIX}) need no generating.
 */
public final class LocaleStage extends NativeStage {
  public static final String NAME = "org.osbuild.locale";
  private static final Set<String> BUILT_IN = Set.of("C", "C.UTF-8", "C.utf8", "POSIX");

  public LocaleStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    String language = context.options().string("language");
    StageFiles files = new StageFiles(context);
    files.write("/etc/locale.conf", "LANG=" + language + "\n");
    files.write("/etc/default/locale", "LANG=" + language + "\n");
    context.log("default locale set to " + language);
    Optional<String> vcKeymap = context.options().optionalString("vc_keymap");
    if (vcKeymap.isPresent()) {
      // The seed's meaning, font included.
      files.write("/etc/vconsole.conf", "KEYMAP=" + vcKeymap.get() + "\nFONT=eurlatgr\n");
      context.log("console keymap set to " + vcKeymap.get());
    }
    Tree tree = context.tree();
    if (BUILT_IN.contains(language) || !tree.isRegularFile(LocaleGen.FILE)) {
      return;
    }
    String before = tree.readString(LocaleGen.FILE);
    String supported =
        tree.isRegularFile(LocaleGen.SUPPORTED) ? tree.readString(LocaleGen.SUPPORTED) : "";
    String after = LocaleGen.enable(before, language, supported);
    if (!after.equals(before)) {
      files.write(LocaleGen.FILE, after);
    }
    if (tree.isRegularFile("/usr/sbin/locale-gen")) {
      ImageCommands commands = new ImageCommands(context);
      commands.run("locale-gen");
      commands.clampTimes();
      context.log("locale " + language + " generated");
    } else {
      context.log(
          "the tree has no locale-gen: " + language + " is enabled in " + LocaleGen.FILE + " only");
    }
  }
}
