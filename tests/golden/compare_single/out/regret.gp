reset
set datafile separator ','
set terminal pngcairo noenhanced size 800,500 font 'Sans,10'
set output "regret.png"
set title 'Mean regret to the constrained optimum (error bars: 1 std over seeds)'
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set ylabel 'regret (test accuracy points)'
set grid ytics
set xtics rotate by -45
set key top left
set yrange [0:*]
plot 'regret.csv' skip 1 using 2:3:xtic(1) title 'random' lc rgb '#1f77b4', 'regret.csv' skip 1 using 4:5 title 'rea' lc rgb '#d62728', 'regret.csv' skip 1 using 6:7 title 'reinforce' lc rgb '#2ca02c'
unset multiplot
unset output
reset
set datafile separator ','
set terminal svg noenhanced size 800,500 font 'Sans,10'
set output "regret.svg"
set title 'Mean regret to the constrained optimum (error bars: 1 std over seeds)'
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set ylabel 'regret (test accuracy points)'
set grid ytics
set xtics rotate by -45
set key top left
set yrange [0:*]
plot 'regret.csv' skip 1 using 2:3:xtic(1) title 'random' lc rgb '#1f77b4', 'regret.csv' skip 1 using 4:5 title 'rea' lc rgb '#d62728', 'regret.csv' skip 1 using 6:7 title 'reinforce' lc rgb '#2ca02c'
unset multiplot
unset output
