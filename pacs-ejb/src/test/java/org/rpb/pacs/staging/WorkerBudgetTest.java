package org.rpb.pacs.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The parts of a {@link WorkerBudget} follow the number of series running. */
class WorkerBudgetTest {

    @Test
    void aSeriesAloneGetsItsMostAndManyShareTheBudgetWithAtLeastOneEach() {
        WorkerBudget budget = new WorkerBudget(8);
        WorkerBudget.Share first = budget.join(4);
        assertEquals(4, first.workers(), "alone: its pipeline's most, not the whole budget");
        WorkerBudget.Share second = budget.join(4);
        assertEquals(4, first.workers());
        WorkerBudget.Share third = budget.join(4);
        assertEquals(2, first.workers(), "8 / 3");
        assertEquals(2, third.workers());
        java.util.List<WorkerBudget.Share> more = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            more.add(budget.join(4));
        }
        assertEquals(10, budget.running());
        assertEquals(1, first.workers(), "8 / 10: at least one each");
        more.forEach(WorkerBudget.Share::close);
        third.close();
        third.close(); // twice counts once
        assertEquals(2, budget.running());
        assertEquals(4, second.workers(), "the part grows back as series end");
        first.close();
        second.close();
        assertEquals(0, budget.running());
        assertThrows(IllegalArgumentException.class, () -> new WorkerBudget(0));
    }
}
