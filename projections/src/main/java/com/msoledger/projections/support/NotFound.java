package com.msoledger.projections.support;

import com.msoledger.api.http.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** A read of something that does not exist (or that the caller may not know exists): 404 problem+json. */
public class NotFound extends ErrorResponseException {

    public NotFound(String detail) {
        super(HttpStatus.NOT_FOUND, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setType(ProblemTypes.of("not-found"));
        problem.setTitle("Not found");
        return problem;
    }
}
