package org.kronika.command.web;

import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.command.config.CommandRetries;
import org.kronika.command.calendar.ReportingCalendar;
import org.kronika.command.calendar.api.DefineReportingPeriod;
import org.kronika.command.project.api.CommandResult;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** The programme's reporting calendar: the periods projects report on, defined by its administrators. */
@RestController
@RequestMapping("/api/programme")
public class ReportingCalendarController {

    private final CommandGateway commands;
    private final String programmeId;

    public ReportingCalendarController(CommandGateway commands, KronikaCommandProperties properties) {
        this.commands = commands;
        this.programmeId = properties.programme();
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping(value = "/reporting-periods", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ReportingPeriodAnswer> define(@Valid @RequestBody ReportingPeriodRequest request,
                                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false)
                                                        String ifMatch) {
        // The first period of an empty calendar creates its stream, and another instance may be doing the same.
        CommandResult result = CommandRetries.sendCreatingItsStream(commands, new DefineReportingPeriod(
                ReportingCalendar.idOf(programmeId), programmeId, request.periodId(), request.calendar(),
                request.name(), request.start(), request.end(), request.dueDate(), ExpectedVersion.parse(ifMatch)));
        return ResponseEntity.created(URI.create("/api/programme/reporting-periods/" + result.id()))
                .eTag("\"" + result.version() + "\"")
                .body(new ReportingPeriodAnswer(programmeId, result.id(), result.version()));
    }
}
