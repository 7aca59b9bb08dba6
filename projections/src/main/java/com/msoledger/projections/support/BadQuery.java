package com.msoledger.projections.support;

import com.msoledger.api.http.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** A query parameter that cannot be used: 400 problem+json naming it. */
public class BadQuery extends ErrorResponseException {

    public BadQuery(String field, String message) {
        super(HttpStatus.BAD_REQUEST, problem(field, message), null);
    }

    private static ProblemDetail problem(String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + " " + message);
        problem.setType(ProblemTypes.of("invalid-parameter"));
        problem.setTitle("Invalid parameter");
        problem.setProperty("field", field);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }
}
