package org.osbuildj.examples.launcher;

import org.osbuildj.core.disk.DataSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads sizes on the command line as {@code 20G}, {@code 512M} or plain bytes. */
final class SizeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return DataSize.parse(value).bytes();
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
