package org.osbuildj.core.stages;

import org.osbuildj.core.stage.StageContext;

/**
 * {@code org.osbuild.locale}: sets the image's default locale, as {@code LANG=<language>} in
 * {@code /etc/locale.conf} (read by systemd, as osbuild writes it) and in Debian's
 * {@code /etc/default/locale} (read by PAM). It does not generate the locale: a Debian image needs
 * the {@code locales} package configured for it, or a built-in one such as {@code C.UTF-8}.
 */
public final class LocaleStage extends NativeStage {
  public static final String NAME = "org.osbuild.locale";

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
  }
}
