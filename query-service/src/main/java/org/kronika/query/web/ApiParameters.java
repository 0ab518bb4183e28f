package org.kronika.query.web;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.kronika.query.readmodel.Page;
import org.springframework.core.annotation.AliasFor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the OpenAPI document says of the query parameters many operations share, as {@link Parameters} reads them.
 * The controllers take every parameter as a String so that a wrong one is refused naming it; without these the
 * document called each of them any string. Each one's {@code value} is its description, when the operation's own
 * words say more.
 */
public final class ApiParameters {

    /** What a text parameter the service bounds says of it, after its own description. */
    public static final String TEXT = " At most maxLength characters, counted as UTF-16 code units; no control "
            + "characters; blank is taken as absent.";

    private ApiParameters() {
    }

    /** A zero-based page number, as {@link Parameters#page} reads it. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "" + Page.MAX_PAGE,
            defaultValue = "0"))
    public @interface PageNumber {
        @AliasFor(annotation = Parameter.class, attribute = "description")
        String value() default "zero-based page; past the last page, an empty one";
    }

    /** Entries per page, as {@link Parameters#pageSize} reads it. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "" + Page.MAX_SIZE,
            defaultValue = "" + Page.DEFAULT_SIZE))
    public @interface PageSize {
        @AliasFor(annotation = Parameter.class, attribute = "description")
        String value() default "entries per page";
    }

    /** A day, as {@link Parameters#date} reads it. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(schema = @Schema(type = "string", format = "date", example = "2024-06-30"))
    public @interface Day {
        @AliasFor(annotation = Parameter.class, attribute = "description")
        String value();
    }

    /** An instant, as {@link Parameters#instant} reads it. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(schema = @Schema(type = "string", format = "date-time", example = "2024-06-30T10:00:00Z"))
    public @interface Moment {
        @AliasFor(annotation = Parameter.class, attribute = "description")
        String value();
    }

    /**
     * An instant that has come, as {@link Parameters#knownAt} reads it: {@code x-not-after: now} says what no
     * schema keyword can, that one to come is refused.
     */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(schema = @Schema(type = "string", format = "date-time", example = "2024-06-30T10:00:00Z",
            extensions = @io.swagger.v3.oas.annotations.extensions.Extension(properties =
            @io.swagger.v3.oas.annotations.extensions.ExtensionProperty(name = "x-not-after", value = "now"))))
    public @interface KnownAt {
        @AliasFor(annotation = Parameter.class, attribute = "description")
        String value();
    }

    /** A municipality a filter names, as {@link Parameters#municipality} reads it. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(schema = @Schema(type = "string", maxLength = CommandTextLimits.MUNICIPALITY_NAME, example = "Gjilan"))
    public @interface Municipality {
        @AliasFor(annotation = Parameter.class, attribute = "description")
        String value() default "a municipality of the programme, by any name it knows it by (Gjilan, Gjilani, "
                + "Gnjilane); a name it does not know is refused." + TEXT;
    }
}
